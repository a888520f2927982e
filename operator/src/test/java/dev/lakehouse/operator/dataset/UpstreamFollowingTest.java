package dev.lakehouse.operator.dataset;

import static dev.lakehouse.operator.dataset.Datasets.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.dataset.Dataset;
import dev.lakehouse.api.run.IngestionRun;
import dev.lakehouse.api.run.RunPhase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpstreamFollowingTest {
  final Dataset bronze = Datasets.bronze("bronze", "data");
  final Dataset other = Datasets.bronze("other", "data");
  final Dataset running = Datasets.bronze("running", "data");

  final Map<String, DatasetRuns> runs =
      Map.of(
          "bronze",
          new DatasetRuns(
              List.of(
                  run(bronze, "b1", "2026-11-21T10:00:00Z", RunPhase.Succeeded, true),
                  run(bronze, "b2", "2026-11-21T11:00:00Z", RunPhase.Succeeded, true))),
          "other",
          new DatasetRuns(List.of(run(other, "o1", "2026-11-21T10:00:00Z", RunPhase.Failed, true))),
          "running",
          new DatasetRuns(
              List.of(
                  run(running, "r1", "2026-11-21T09:00:00Z", RunPhase.Succeeded, true),
                  run(running, "r2", "2026-11-21T10:00:00Z", RunPhase.Running, true))));

  @Test
  void onlyALatestRunThatSucceededAndWasNotFollowedIsPending() {
    var upstream = List.of("bronze", "other", "running", "missing");

    assertThat(
            UpstreamFollowing.pending(upstream, this::runsOf, Map.of()).values().stream()
                .map(r -> r.getMetadata().getName()))
        .containsExactly("b2");
    assertThat(UpstreamFollowing.pending(upstream, this::runsOf, Map.of("bronze", "b2"))).isEmpty();
    assertThat(UpstreamFollowing.pending(upstream, this::runsOf, Map.of("bronze", "b1")))
        .containsOnlyKeys("bronze");
  }

  @Test
  void theFollowUpRunIsNamedAfterTheFirstPendingRun() {
    var pending = UpstreamFollowing.pending(List.of("bronze"), this::runsOf, Map.of());

    assertThat(UpstreamFollowing.runName(new DatasetNames("gold"), pending))
        .isEqualTo(new DatasetNames("gold").followUpRun("uid-b2"));
  }

  @Test
  void followedRunsKeepOnlyCurrentUpstreamDatasets() {
    IngestionRun b2 = runsOf("bronze").latest().orElseThrow();

    assertThat(
            UpstreamFollowing.followed(
                List.of("bronze", "other"),
                Map.of("removed", "x1", "other", "o0"),
                Map.of("bronze", b2)))
        .containsExactly(Map.entry("bronze", "b2"), Map.entry("other", "o0"));
    assertThat(UpstreamFollowing.followed(List.of("bronze"), null, Map.of())).isNull();
  }

  private DatasetRuns runsOf(String dataset) {
    return runs.getOrDefault(dataset, new DatasetRuns(List.of()));
  }
}
