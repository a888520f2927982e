package dev.lakehouse.jobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.run.Checkpoint;
import dev.lakehouse.checkpoint.LocalCheckpointStore;
import dev.lakehouse.jobs.manifest.ManifestSet;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rerun of finished runs answers from their checkpoints and never starts Spark. */
class FinishedRunTest {
  static final String MANIFESTS =
      """
      apiVersion: lakehouse.dev/v1alpha1
      kind: Dataset
      metadata:
        name: events
      spec:
        lakehouse: demo
        layer: bronze
        table: {schema: bronze, name: events}
        source:
          files: {prefix: landing/events/, format: json}
      ---
      apiVersion: lakehouse.dev/v1alpha1
      kind: IngestionRun
      metadata:
        name: events-1
      spec:
        dataset: events
      """;

  @TempDir Path home;

  @Test
  void aFinishedRunIsReportedWithoutSpark() throws Exception {
    Path file = home.resolve("run.yaml");
    Files.writeString(file, MANIFESTS);
    var layout = new LocalLayout(home);
    new LocalCheckpointStore(layout.checkpoint("default", "events-1"))
        .save(finished("local-default-events-1"));
    var printed = new ByteArrayOutputStream();

    new LocalRunner(
            () -> {
              throw new AssertionError("Spark was started for a finished run");
            },
            layout,
            new PrintStream(printed, true, StandardCharsets.UTF_8))
        .run(ManifestSet.load(List.of(file)));

    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("[events-1] events: all 2 batches already committed")
        .contains("[events-1] Succeeded: 2/2 batches, 7 files, 70 rows written");
  }

  @Test
  void onlyAFullCheckpointOfTheSameRunWithTableFactsIsFinished() {
    assertThat(LocalRunner.finished(finished("r"), "r")).isTrue();
    assertThat(LocalRunner.finished(finished("r"), "other")).isFalse();
    Checkpoint lastFactsMissing = finished("r");
    lastFactsMissing.table = null; // killed between the last commit and the table facts
    assertThat(LocalRunner.finished(lastFactsMissing, "r")).isFalse();
    Checkpoint halfWay = finished("r");
    halfWay.batchesCommitted = 1;
    assertThat(LocalRunner.finished(halfWay, "r")).isFalse();
  }

  private static Checkpoint finished(String runId) {
    Checkpoint c = new Checkpoint();
    c.runId = runId;
    c.batchesTotal = 2;
    c.batchesCommitted = 2;
    c.filesTotal = 7L;
    c.filesIngested = 7L;
    c.rowsWritten = 70L;
    c.rowsRejected = 0L;
    c.table = new Checkpoint.TableFacts();
    c.table.location = "file:/warehouse/bronze/events";
    c.table.rowCount = 70L;
    return c;
  }
}
