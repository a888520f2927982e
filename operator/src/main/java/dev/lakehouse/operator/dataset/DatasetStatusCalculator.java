package dev.lakehouse.operator.dataset;

import dev.lakehouse.api.common.ConditionTypes;
import dev.lakehouse.api.common.Conditions;
import dev.lakehouse.api.dataset.Dataset;
import dev.lakehouse.api.dataset.DatasetStatus;
import dev.lakehouse.api.dataset.DatasetStatus.RunSummary;
import dev.lakehouse.api.dataset.DatasetStatus.TableStatus;
import dev.lakehouse.api.dataset.TableRef;
import dev.lakehouse.api.run.Checkpoint;
import dev.lakehouse.api.run.IngestionRun;
import dev.lakehouse.api.run.IngestionRunStatus;
import dev.lakehouse.operator.dataset.DatasetValidation.Problem;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;
import java.util.Optional;

/** Computes a Dataset's status: its table and runs as they are, and whether it can run. */
public final class DatasetStatusCalculator {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private DatasetStatusCalculator() {}

  /** A copy to change, so the cached status stays comparable with the new one. */
  public static DatasetStatus copyOf(DatasetStatus previous) {
    return previous == null ? new DatasetStatus() : JSON.clone(previous);
  }

  /**
   * The table as the latest successful run left it, and the runs. Facts outlive the runs they came
   * from: a pruned or deleted run leaves the status as it was.
   */
  public static void reflect(
      DatasetStatus status, Dataset dataset, DatasetRuns runs, Optional<String> bucket) {
    status.table = table(dataset.getSpec().table, runs, bucket, status.table);
    runs.latest().ifPresent(run -> status.lastRun = summary(run));
    status.activeRun = runs.active().map(run -> run.getMetadata().getName()).orElse(null);
  }

  public static void ready(DatasetStatus status, Dataset dataset, Clock clock) {
    long generation = dataset.getMetadata().getGeneration();
    status.conditions =
        Conditions.set(
            status.conditions,
            ConditionTypes.READY,
            true,
            "DatasetReady",
            "table "
                + dataset.getSpec().table.qualifiedName()
                + " in Lakehouse "
                + dataset.getSpec().lakehouse,
            generation,
            clock);
    status.observedGeneration = generation;
  }

  /** A Dataset that cannot run; observedGeneration stays, since this spec was not acted on. */
  public static void refused(DatasetStatus status, Problem problem, long generation, Clock clock) {
    status.conditions =
        Conditions.set(
            status.conditions,
            ConditionTypes.READY,
            false,
            problem.reason().name(),
            problem.message(),
            generation,
            clock);
    status.nextScheduleTime = null;
  }

  /** Where the jobs write a table: {@code warehouse/<schema>/<table>} in the bucket. */
  public static String location(String bucket, TableRef table) {
    return "s3a://" + bucket + "/warehouse/" + table.schema + "/" + table.name;
  }

  private static TableStatus table(
      TableRef ref, DatasetRuns runs, Optional<String> bucket, TableStatus previous) {
    TableStatus table = new TableStatus();
    table.name = ref.qualifiedName();
    Optional<IngestionRun> succeeded = runs.latestSucceeded();
    if (succeeded.isPresent()) {
      IngestionRunStatus run = succeeded.get().getStatus();
      Checkpoint checkpoint = run.checkpoint;
      Checkpoint.TableFacts facts = checkpoint == null ? null : checkpoint.table;
      if (facts != null) {
        table.location = facts.location;
        table.columns = facts.columns;
        table.rowCount = facts.rowCount;
      }
      if (checkpoint != null) {
        table.deltaVersion = checkpoint.deltaVersion;
        table.filesIngested = checkpoint.filesIngested;
      }
      table.updatedAt = run.completionTime;
    } else if (previous != null) {
      table.location = previous.location;
      table.columns = previous.columns;
      table.rowCount = previous.rowCount;
      table.deltaVersion = previous.deltaVersion;
      table.filesIngested = previous.filesIngested;
      table.updatedAt = previous.updatedAt;
    }
    if (table.location == null) {
      table.location =
          bucket.map(b -> location(b, ref)).orElse(previous == null ? null : previous.location);
    }
    return table;
  }

  private static RunSummary summary(IngestionRun run) {
    RunSummary summary = new RunSummary();
    summary.name = run.getMetadata().getName();
    summary.phase = DatasetRuns.phase(run).name();
    IngestionRunStatus status = run.getStatus();
    if (status != null) {
      summary.startTime = status.startTime;
      summary.completionTime = status.completionTime;
      summary.rowsWritten = status.checkpoint == null ? null : status.checkpoint.rowsWritten;
      summary.message = status.message;
    }
    return summary;
  }
}
