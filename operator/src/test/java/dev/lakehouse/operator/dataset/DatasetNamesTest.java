package dev.lakehouse.operator.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DatasetNamesTest {
  @Test
  void aScheduledRunIsNamedAfterItsTickInUtc() {
    var names = new DatasetNames("raygun-errors");

    assertThat(names.scheduledRun(Instant.parse("2026-11-21T10:30:00Z")))
        .isEqualTo("raygun-errors-202611211030");
    assertThat(names.dropConfigMap()).isEqualTo("raygun-errors-drop");
    assertThat(names.dropJob(2)).isEqualTo("raygun-errors-drop-2");
  }

  @Test
  void aFollowUpRunIsNamedAfterTheUpstreamRun() {
    var names = new DatasetNames("requests-by-ip");

    assertThat(names.followUpRun("0b7c-uid")).matches("requests-by-ip-after-[0-9a-f]{8}");
    assertThat(names.followUpRun("0b7c-uid")).isEqualTo(names.followUpRun("0b7c-uid"));
    assertThat(names.followUpRun("0b7c-uid")).isNotEqualTo(names.followUpRun("other-uid"));
  }

  @Test
  void longNamesAreCutToLeaveRoomForTheAttemptSuffixAndStayDistinct() {
    String base = "a-dataset-with-a-name-long-enough-to-reach-the-limit-of-names";
    var names = new DatasetNames(base);
    var other = new DatasetNames(base + "-2");
    Instant tick = Instant.parse("2026-11-21T10:30:00Z");

    String run = names.scheduledRun(tick);
    assertThat(run).hasSizeLessThanOrEqualTo(DatasetNames.MAX_RUN).endsWith("-202611211030");
    assertThat(run).isEqualTo(names.scheduledRun(tick));
    assertThat(run).isNotEqualTo(other.scheduledRun(tick));
    assertThat(names.followUpRun("uid")).hasSizeLessThanOrEqualTo(DatasetNames.MAX_RUN);
    assertThat(run + "-10").hasSizeLessThanOrEqualTo(63);
    assertThat(new DatasetNames("a".repeat(39)).scheduledRun(tick))
        .isEqualTo("a".repeat(39) + "-202611211030")
        .hasSize(DatasetNames.MAX_RUN);
    assertThat(new DatasetNames("a".repeat(40)).scheduledRun(tick))
        .matches("a+-[0-9a-f]{8}-202611211030")
        .hasSize(DatasetNames.MAX_RUN);
  }
}
