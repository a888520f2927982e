package dev.lakehouse.operator.dataset;

import static dev.lakehouse.operator.dataset.Datasets.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.dataset.Dataset;
import dev.lakehouse.api.dataset.RunHistoryLimits;
import dev.lakehouse.api.run.IngestionRun;
import dev.lakehouse.api.run.RunPhase;
import dev.lakehouse.operator.k8s.Labels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetRunsTest {
  final Dataset dataset = Datasets.bronze("events", "data");

  @Test
  void ordersByCreationAndFindsTheLatestTheActiveAndTheLatestSucceeded() {
    var runs =
        new DatasetRuns(
            List.of(
                run(dataset, "c", "2026-11-21T12:00:00Z", null, true),
                run(dataset, "a", "2026-11-21T10:00:00Z", RunPhase.Succeeded, true),
                run(dataset, "b", "2026-11-21T11:00:00Z", RunPhase.Failed, false)));

    assertThat(runs.all())
        .extracting(r -> r.getMetadata().getName())
        .containsExactly("a", "b", "c");
    assertThat(runs.latest().orElseThrow().getMetadata().getName()).isEqualTo("c");
    assertThat(runs.active().orElseThrow().getMetadata().getName()).isEqualTo("c");
    assertThat(DatasetRuns.phase(runs.active().orElseThrow())).isEqualTo(RunPhase.Pending);
    assertThat(runs.latestSucceeded().orElseThrow().getMetadata().getName()).isEqualTo("a");
  }

  @Test
  void runsOfTheSameSecondAreOrderedByTheSequenceTheDatasetGaveThem() {
    IngestionRun first = run(dataset, "z-first", "2026-11-21T10:00:00Z", RunPhase.Succeeded, true);
    IngestionRun second =
        run(dataset, "a-second", "2026-11-21T10:00:00Z", RunPhase.Succeeded, true);
    first.getMetadata().setAnnotations(Map.of(Labels.RUN_SEQUENCE, "1"));
    second.getMetadata().setAnnotations(Map.of(Labels.RUN_SEQUENCE, "2"));
    var runs = new DatasetRuns(List.of(second, first));

    assertThat(runs.latest().orElseThrow().getMetadata().getName()).isEqualTo("a-second");
    assertThat(runs.nextSequence()).isEqualTo(3);
    var keepOne = new RunHistoryLimits();
    keepOne.successfulRunsToKeep = 1;
    assertThat(runs.toPrune(dataset.getMetadata().getUid(), keepOne))
        .extracting(r -> r.getMetadata().getName())
        .containsExactly("z-first");
  }

  @Test
  void prunesTheOldestOwnedRunsBeyondEachLimitAndNeverAUsersRun() {
    var runs =
        new DatasetRuns(
            List.of(
                run(dataset, "s1", "2026-11-21T01:00:00Z", RunPhase.Succeeded, true),
                run(dataset, "user-s", "2026-11-21T01:30:00Z", RunPhase.Succeeded, false),
                run(dataset, "f1", "2026-11-21T02:00:00Z", RunPhase.Failed, true),
                run(dataset, "s2", "2026-11-21T03:00:00Z", RunPhase.Succeeded, true),
                run(dataset, "c1", "2026-11-21T04:00:00Z", RunPhase.Cancelled, true),
                run(dataset, "s3", "2026-11-21T05:00:00Z", RunPhase.Succeeded, true),
                run(dataset, "user-f", "2026-11-21T05:30:00Z", RunPhase.Failed, false),
                run(dataset, "f2", "2026-11-21T06:00:00Z", RunPhase.Failed, true),
                run(dataset, "r1", "2026-11-21T07:00:00Z", RunPhase.Running, true)));

    assertThat(names(runs.toPrune("uid-events", limits(2, 1)))).containsExactly("s1", "f1", "c1");
    assertThat(names(runs.toPrune("uid-events", null))).containsExactly("f1", "c1");
    assertThat(names(runs.toPrune("uid-events", limits(0, 0))))
        .containsExactly("s1", "f1", "s2", "c1", "s3", "f2");
    assertThat(runs.toPrune("uid-events", limits(10, 10))).isEmpty();
    assertThat(runs.toPrune("uid-someone-else", limits(0, 0))).isEmpty();
  }

  @Test
  void theLatestRunIsKeptEvenWithALimitOfZero() {
    var runs =
        new DatasetRuns(
            List.of(
                run(dataset, "s1", "2026-11-21T01:00:00Z", RunPhase.Succeeded, true),
                run(dataset, "s2", "2026-11-21T02:00:00Z", RunPhase.Succeeded, true)));

    assertThat(names(runs.toPrune("uid-events", limits(0, 0)))).containsExactly("s1");
  }

  @Test
  void aRunJustCreatedJoinsTheView() {
    var runs =
        new DatasetRuns(
            List.of(run(dataset, "a", "2026-11-21T10:00:00Z", RunPhase.Succeeded, true)));

    var after = runs.with(run(dataset, "b", "2026-11-21T11:00:00Z", null, true));

    assertThat(after.active().orElseThrow().getMetadata().getName()).isEqualTo("b");
    assertThat(after.named("a")).isPresent();
    assertThat(runs.active()).isEmpty();
  }

  private static RunHistoryLimits limits(int succeeded, int failed) {
    var limits = new RunHistoryLimits();
    limits.successfulRunsToKeep = succeeded;
    limits.failedRunsToKeep = failed;
    return limits;
  }

  private static List<String> names(List<IngestionRun> runs) {
    return runs.stream().map(r -> r.getMetadata().getName()).toList();
  }
}
