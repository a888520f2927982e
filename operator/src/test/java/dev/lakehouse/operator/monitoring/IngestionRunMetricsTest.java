package dev.lakehouse.operator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.run.Checkpoint;
import dev.lakehouse.api.run.IngestionRun;
import dev.lakehouse.api.run.IngestionRunStatus;
import dev.lakehouse.api.run.RunPhase;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestionRunMetricsTest {
  static final Map<String, Object> RUN_CONTROLLER =
      Map.of(
          Constants.RESOURCE_GVK_KEY,
          new GroupVersionKind("lakehouse.dev", "v1alpha1", "IngestionRun"));

  final MetricRegistry registry = new MetricRegistry();
  final IngestionRunMetrics metrics = new IngestionRunMetrics(registry);

  @Test
  void countersGrowByWhatTheCheckpointGainedSinceTheLastLook() {
    metrics.observe(run("raygun-1", "uid-1", RunPhase.Pending, null));
    metrics.observe(run("raygun-1", "uid-1", RunPhase.Running, checkpoint(3, 300, 1)));
    metrics.observe(run("raygun-1", "uid-1", RunPhase.Running, checkpoint(3, 300, 1)));
    metrics.observe(run("raygun-1", "uid-1", RunPhase.Running, checkpoint(5, 500, 4)));

    Scrape scrape = scrape();
    assertThat(scrape.value("lakehouse_operator_batches_committed_total")).isEqualTo(5);
    assertThat(scrape.value("lakehouse_operator_rows_ingested_total")).isEqualTo(500);
    assertThat(scrape.value("lakehouse_operator_rows_rejected_total")).isEqualTo(4);
    assertThat(scrape.value("lakehouse_operator_ingestion_runs{phase=\"Running\"}")).isEqualTo(1);
    assertThat(scrape.value("lakehouse_operator_ingestion_runs{phase=\"Pending\"}")).isZero();
  }

  @Test
  void theFirstSightOfARunIsABaselineSoARestartNeverCountsABatchTwice() {
    // A fresh process meets a run that committed 7 batches under the previous one.
    metrics.observe(run("raygun-1", "uid-1", RunPhase.Running, checkpoint(7, 700, 0)));
    assertThat(scrape().value("lakehouse_operator_batches_committed_total")).isZero();

    metrics.observe(run("raygun-1", "uid-1", RunPhase.Running, checkpoint(9, 900, 0)));
    assertThat(scrape().value("lakehouse_operator_batches_committed_total")).isEqualTo(2);
    assertThat(scrape().value("lakehouse_operator_rows_ingested_total")).isEqualTo(200);
  }

  @Test
  void aStaleStatusSeenAfterANewerOneCountsNothingTwice() {
    metrics.observe(run("raygun-1", "uid-1", RunPhase.Running, checkpoint(0, 0, 0)));
    metrics.observe(run("raygun-1", "uid-1", RunPhase.Running, checkpoint(4, 400, 0)));
    metrics.observe(run("raygun-1", "uid-1", RunPhase.Running, checkpoint(3, 300, 0)));
    metrics.observe(run("raygun-1", "uid-1", RunPhase.Running, checkpoint(4, 400, 0)));

    assertThat(scrape().value("lakehouse_operator_batches_committed_total")).isEqualTo(4);
  }

  @Test
  void runsAreCountedPerPhaseAndADeletedRunLeaves() {
    metrics.observe(run("a", "uid-a", RunPhase.Running, null));
    metrics.observe(run("b", "uid-b", RunPhase.Succeeded, null));
    metrics.observe(run("c", "uid-c", RunPhase.Succeeded, null));
    metrics.observe(run("d", "uid-d", null, null));
    assertThat(scrape().value("lakehouse_operator_ingestion_runs{phase=\"Succeeded\"}"))
        .isEqualTo(2);

    metrics.cleanupDoneFor(new ResourceID("b", "data"), RUN_CONTROLLER);
    // A Dataset of the same name going away is not the run's business.
    metrics.cleanupDoneFor(
        new ResourceID("c", "data"),
        Map.of(
            Constants.RESOURCE_GVK_KEY,
            new GroupVersionKind("lakehouse.dev", "v1alpha1", "Dataset")));

    Scrape scrape = scrape();
    assertThat(scrape.value("lakehouse_operator_ingestion_runs{phase=\"Succeeded\"}")).isEqualTo(1);
    assertThat(scrape.value("lakehouse_operator_ingestion_runs{phase=\"Running\"}")).isEqualTo(1);
    assertThat(scrape.value("lakehouse_operator_ingestion_runs{phase=\"Failed\"}")).isZero();
  }

  @Test
  void aRunRecreatedUnderTheSameNameStartsFromItsOwnBaseline() {
    metrics.observe(run("raygun-1", "uid-1", RunPhase.Running, checkpoint(0, 0, 0)));
    metrics.observe(run("raygun-1", "uid-1", RunPhase.Failed, checkpoint(8, 800, 0)));
    metrics.observe(run("raygun-1", "uid-2", RunPhase.Running, checkpoint(1, 100, 0)));
    metrics.observe(run("raygun-1", "uid-2", RunPhase.Running, checkpoint(2, 200, 0)));

    assertThat(scrape().value("lakehouse_operator_batches_committed_total")).isEqualTo(9);
  }

  private Scrape scrape() {
    return new Scrape(registry.scrape());
  }

  private static IngestionRun run(String name, String uid, RunPhase phase, Checkpoint checkpoint) {
    var run = new IngestionRun();
    run.setMetadata(
        new ObjectMetaBuilder().withName(name).withNamespace("data").withUid(uid).build());
    var status = new IngestionRunStatus();
    status.phase = phase;
    status.checkpoint = checkpoint;
    run.setStatus(status);
    return run;
  }

  private static Checkpoint checkpoint(int batches, long rows, long rejected) {
    var checkpoint = new Checkpoint();
    checkpoint.batchesTotal = 10;
    checkpoint.batchesCommitted = batches;
    checkpoint.rowsWritten = rows;
    checkpoint.rowsRejected = rejected;
    return checkpoint;
  }
}
