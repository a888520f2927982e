package dev.lakehouse.operator.dataset;

import static dev.lakehouse.operator.dataset.Datasets.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.common.Column;
import dev.lakehouse.api.dataset.Dataset;
import dev.lakehouse.api.dataset.DatasetStatus;
import dev.lakehouse.api.run.Checkpoint;
import dev.lakehouse.api.run.IngestionRun;
import dev.lakehouse.api.run.RunPhase;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatasetStatusCalculatorTest {
  final Dataset dataset = Datasets.bronze("events", "data");

  @Test
  void theTableComesFromTheLatestSuccessfulRunsCheckpoint() {
    IngestionRun older = succeeded("r1", "2026-11-21T10:00:00Z", 10L, 1L);
    IngestionRun newer = succeeded("r2", "2026-11-21T11:00:00Z", 25L, 2L);
    IngestionRun failed = run(dataset, "r3", "2026-11-21T12:00:00Z", RunPhase.Failed, true);
    failed.getStatus().message = "too many rejected rows";
    IngestionRun running = run(dataset, "r4", "2026-11-21T13:00:00Z", RunPhase.Running, true);
    DatasetStatus status = new DatasetStatus();

    DatasetStatusCalculator.reflect(
        status,
        dataset,
        new DatasetRuns(List.of(running, failed, newer, older)),
        Optional.of("lakehouse"));

    assertThat(status.table.name).isEqualTo("bronze.events");
    assertThat(status.table.location).isEqualTo("s3a://lakehouse/warehouse/bronze/events");
    assertThat(status.table.rowCount).isEqualTo(25L);
    assertThat(status.table.deltaVersion).isEqualTo(2L);
    assertThat(status.table.filesIngested).isEqualTo(4L);
    assertThat(status.table.columns).extracting(c -> c.name).containsExactly("id");
    assertThat(status.table.updatedAt).isEqualTo("2026-11-21T11:00:00Z-done");
    assertThat(status.lastRun.name).isEqualTo("r4");
    assertThat(status.lastRun.phase).isEqualTo("Running");
    assertThat(status.activeRun).isEqualTo("r4");
  }

  @Test
  void factsOutliveTheRunsTheyCameFrom() {
    DatasetStatus status = new DatasetStatus();
    DatasetStatusCalculator.reflect(
        status,
        dataset,
        new DatasetRuns(List.of(succeeded("r1", "2026-11-21T10:00:00Z", 10L, 1L))),
        Optional.of("lakehouse"));

    DatasetStatus after = DatasetStatusCalculator.copyOf(status);
    DatasetStatusCalculator.reflect(after, dataset, new DatasetRuns(List.of()), Optional.empty());

    assertThat(after.table.rowCount).isEqualTo(10L);
    assertThat(after.table.location).isEqualTo("s3a://lakehouse/warehouse/bronze/events");
    assertThat(after.lastRun.name).isEqualTo("r1");
    assertThat(after.activeRun).isNull();
  }

  private IngestionRun succeeded(String name, String created, long rows, long version) {
    IngestionRun run = run(dataset, name, created, RunPhase.Succeeded, true);
    run.getStatus().completionTime = created + "-done";
    var checkpoint = new Checkpoint();
    checkpoint.deltaVersion = version;
    checkpoint.filesIngested = 4L;
    checkpoint.rowsWritten = rows;
    checkpoint.table = new Checkpoint.TableFacts();
    checkpoint.table.rowCount = rows;
    checkpoint.table.columns = List.of(new Column("id", "bigint"));
    run.getStatus().checkpoint = checkpoint;
    return run;
  }
}
