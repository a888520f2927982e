package dev.lakehouse.operator.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpstreamCyclesTest {
  @Test
  void findsCyclesOfOneTwoAndThreeDatasets() {
    assertThat(cycle("a", Map.of("a", List.of("a")))).containsExactly("a", "a");
    assertThat(cycle("a", Map.of("a", List.of("b"), "b", List.of("a"))))
        .containsExactly("a", "b", "a");
    assertThat(cycle("b", Map.of("a", List.of("b"), "b", List.of("c"), "c", List.of("a"))))
        .containsExactly("b", "c", "a", "b");
  }

  @Test
  void reportsACycleFurtherUpstreamAsItIs() {
    assertThat(cycle("gold", Map.of("gold", List.of("b"), "b", List.of("c"), "c", List.of("b"))))
        .containsExactly("b", "c", "b");
  }

  @Test
  void aDiamondAndMissingDatasetsAreNoCycle() {
    var diamond =
        Map.of(
            "gold", List.of("left", "right"),
            "left", List.of("bronze"),
            "right", List.of("bronze", "missing"),
            "bronze", List.<String>of());
    assertThat(UpstreamCycles.from("gold", name -> diamond.getOrDefault(name, List.of())))
        .isEmpty();
  }

  private static List<String> cycle(String start, Map<String, List<String>> upstream) {
    return UpstreamCycles.from(start, name -> upstream.getOrDefault(name, List.of())).orElseThrow();
  }
}
