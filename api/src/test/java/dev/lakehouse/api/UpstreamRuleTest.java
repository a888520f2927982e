package dev.lakehouse.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.dataset.UpstreamRule;
import dev.lakehouse.api.dataset.UpstreamRule.Decision;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A gold Dataset over upstream a and b: which of them has new data, is writing, has a table. */
class UpstreamRuleTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        // new data, writing, tables -> decision
        Arguments.of(Set.of(), Set.of(), Set.of("a", "b"), Decision.NOTHING_NEW),
        Arguments.of(Set.of(), Set.of("a"), Set.of("a", "b"), Decision.NOTHING_NEW),
        Arguments.of(Set.of("a"), Set.of(), Set.of("a", "b"), Decision.FOLLOW),
        Arguments.of(Set.of("a", "b"), Set.of(), Set.of("a", "b"), Decision.FOLLOW),
        // b never ran: its table is missing, the SQL would fail
        Arguments.of(Set.of("a"), Set.of(), Set.of("a"), Decision.WAIT_FOR_TABLES),
        // b's first run is on its way: wait for it rather than fail
        Arguments.of(Set.of("a"), Set.of("b"), Set.of("a"), Decision.WAIT_FOR_WRITERS),
        // b writes again: one run after it ends follows both
        Arguments.of(Set.of("a"), Set.of("b"), Set.of("a", "b"), Decision.WAIT_FOR_WRITERS),
        Arguments.of(Set.of("a", "b"), Set.of("a"), Set.of("a", "b"), Decision.WAIT_FOR_WRITERS));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void decides(Set<String> newData, Set<String> writing, Set<String> tables, Decision expected) {
    assertThat(
            UpstreamRule.decide(
                List.of("a", "b"), newData::contains, writing::contains, tables::contains))
        .isEqualTo(expected);
  }
}
