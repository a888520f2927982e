package dev.lakehouse.operator.monitoring;

import dev.lakehouse.api.run.Checkpoint;
import dev.lakehouse.api.run.IngestionRun;
import dev.lakehouse.api.run.RunPhase;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * IngestionRuns by phase, and the batches and rows they commit, from each run's status as the
 * operator sees it at the start of each reconcile of the run. Every status change reconciles the
 * run (the run controller is not generation-aware), and only the leader reconciles, so a standby
 * replica reports no runs and no growth.
 *
 * <p>The counters grow by what a run's checkpoint gained since this process last saw the run. The
 * first sight of a run is only a baseline: batches it had committed before count nothing. So after
 * an operator restart the counters start again at 0, as any Prometheus counter does, and never
 * count a batch a second time; what the runs committed while no operator watched them, or between
 * the old process's last look and the new one's first, is in the runs' statuses, not in the
 * counters.
 */
public final class IngestionRunMetrics implements Metrics {
  private static final String KIND = HasMetadata.getKind(IngestionRun.class);

  private final Counter batches;
  private final Counter rows;
  private final Counter rejected;
  private final ConcurrentMap<ResourceID, Seen> runs = new ConcurrentHashMap<>();

  public IngestionRunMetrics(MetricRegistry registry) {
    registry.gauge(
        "lakehouse_operator_ingestion_runs",
        "IngestionRuns per phase, as the operator last saw them; a deleted run leaves.",
        List.of("phase"),
        this::runsByPhase);
    this.batches =
        registry.counter(
            "lakehouse_operator_batches_committed_total",
            "Batches the ingestion pods committed, counted from the growth of the runs' checkpoints"
                + " this process saw.");
    this.rows =
        registry.counter(
            "lakehouse_operator_rows_ingested_total",
            "Rows written to Delta tables, counted from the growth of the runs' checkpoints this"
                + " process saw.");
    this.rejected =
        registry.counter(
            "lakehouse_operator_rows_rejected_total",
            "Rows quarantined instead of written, counted from the growth of the runs'"
                + " checkpoints this process saw.");
    batches.initialize();
    rows.initialize();
    rejected.initialize();
  }

  /** A run as last seen: its uid, phase, and the highest checkpoint counters seen. */
  private record Seen(String uid, RunPhase phase, long batches, long rows, long rejected) {
    static Seen of(IngestionRun run) {
      var status = run.getStatus();
      Checkpoint checkpoint = status == null ? null : status.checkpoint;
      return new Seen(
          run.getMetadata().getUid(),
          status == null ? null : status.phase,
          checkpoint == null || checkpoint.batchesCommitted == null
              ? 0
              : checkpoint.batchesCommitted,
          checkpoint == null ? 0 : Optional.ofNullable(checkpoint.rowsWritten).orElse(0L),
          checkpoint == null ? 0 : Optional.ofNullable(checkpoint.rowsRejected).orElse(0L));
    }
  }

  @Override
  public void reconciliationExecutionStarted(HasMetadata resource, Map<String, Object> metadata) {
    if (resource instanceof IngestionRun run) {
      observe(run);
    }
  }

  @Override
  public void cleanupDoneFor(ResourceID resourceID, Map<String, Object> metadata) {
    if (KIND.equals(CallbackMetadata.kind(metadata))) {
      runs.remove(resourceID);
    }
  }

  /** Records the run's status; the counters grow by what its checkpoint gained. */
  public void observe(IngestionRun run) {
    Seen now = Seen.of(run);
    runs.compute(
        ResourceID.fromResource(run),
        (id, before) -> {
          if (before == null || !before.uid().equals(now.uid())) {
            return now;
          }
          // A checkpoint only grows; the highest value seen guards against counting twice.
          long moreBatches = Math.max(0, now.batches() - before.batches());
          long moreRows = Math.max(0, now.rows() - before.rows());
          long moreRejected = Math.max(0, now.rejected() - before.rejected());
          batches.add(moreBatches);
          rows.add(moreRows);
          rejected.add(moreRejected);
          return new Seen(
              now.uid(),
              now.phase(),
              before.batches() + moreBatches,
              before.rows() + moreRows,
              before.rejected() + moreRejected);
        });
  }

  private Map<List<String>, Double> runsByPhase() {
    Map<List<String>, Double> counts = new LinkedHashMap<>();
    for (RunPhase phase : RunPhase.values()) {
      counts.put(List.of(phase.name()), 0.0);
    }
    for (Seen run : runs.values()) {
      if (run.phase() != null) {
        counts.merge(List.of(run.phase().name()), 1.0, Double::sum);
      }
    }
    return counts;
  }
}
