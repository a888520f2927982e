package dev.lakehouse.operator.query;

import dev.lakehouse.api.common.Column;
import dev.lakehouse.api.common.ConditionTypes;
import dev.lakehouse.api.common.Conditions;
import dev.lakehouse.api.query.QueryOutput;
import dev.lakehouse.api.query.QueryPhase;
import dev.lakehouse.api.query.QueryStatus;
import dev.lakehouse.query.QueryFailure;
import dev.lakehouse.query.QueryResult;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A Query's status at each step, built from the previous one. {@code Complete} and {@code Failed}
 * conditions let {@code kubectl wait --for=condition=Complete query/NAME} work.
 */
final class QueryStatuses {
  static final String REASON_RUNNING = "Running";
  static final String REASON_SUCCEEDED = "Succeeded";
  static final String REASON_TRINO_ERROR = "TrinoError";
  static final String REASON_TIMED_OUT = "TimedOut";
  static final String REASON_UNAVAILABLE = "Unavailable";
  static final String REASON_CANCELLED = "Cancelled";

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private QueryStatuses() {}

  static QueryStatus copyOf(QueryStatus status) {
    return status == null ? new QueryStatus() : JSON.clone(status);
  }

  /** Waiting for something outside the Query: its Lakehouse, or a retry's back-off. */
  static void pending(
      QueryStatus status, long generation, String reason, String message, Clock clock) {
    status.phase = QueryPhase.Pending;
    status.error = message;
    conditions(status, false, false, reason, message, generation, clock);
  }

  static void running(
      QueryStatus status, QueryExecutions.Execution execution, String message, Clock clock) {
    clearResult(status);
    status.phase = QueryPhase.Running;
    status.observedGeneration = execution.generation();
    status.startTime = seconds(execution.started());
    conditions(status, false, false, REASON_RUNNING, message, execution.generation(), clock);
  }

  static void succeeded(
      QueryStatus status, QueryExecutions.Execution execution, QueryResult result, Clock clock) {
    status.phase = QueryPhase.Succeeded;
    status.columns = result.columns().stream().map(c -> new Column(c.name(), c.type())).toList();
    status.rows = result.rows();
    status.rowCount = result.rowCount();
    status.truncated = result.truncated();
    status.trinoQueryId = result.trinoQueryId();
    status.error = null;
    status.retries = null;
    if (result.output() != null) {
      var output = new QueryStatus.OutputStatus();
      output.location = result.output().location();
      output.format = QueryOutput.Format.valueOf(result.output().format().extension());
      output.bytes = result.output().bytes();
      status.output = output;
    }
    finish(status, execution, clock);
    String message =
        result.rowCount()
            + (result.rowCount() == 1 ? " row" : " rows")
            + " in "
            + status.duration
            + (result.output() == null ? "" : ", written to " + result.output().location());
    conditions(status, true, false, REASON_SUCCEEDED, message, execution.generation(), clock);
  }

  /** A failure, a timeout or a cancellation; Trino's message lands in {@code error}. */
  static void failed(
      QueryStatus status, QueryExecutions.Execution execution, QueryFailure failure, Clock clock) {
    boolean cancelled = failure.kind() == QueryFailure.Kind.CANCELLED;
    status.phase = cancelled ? QueryPhase.Cancelled : QueryPhase.Failed;
    status.trinoQueryId = failure.trinoQueryId();
    status.error = failure.getMessage();
    finish(status, execution, clock);
    conditions(
        status, false, true, reason(failure), failure.getMessage(), execution.generation(), clock);
  }

  static String reason(QueryFailure failure) {
    return switch (failure.kind()) {
      case FAILED -> REASON_TRINO_ERROR;
      case TIMED_OUT -> REASON_TIMED_OUT;
      case UNAVAILABLE -> REASON_UNAVAILABLE;
      case CANCELLED -> REASON_CANCELLED;
    };
  }

  /** Human-readable, as kubectl prints ages: 850ms, 4.2s, 3m12s, 1h05m. */
  static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1000) {
      return millis + "ms";
    }
    if (millis < 60_000) {
      return String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
    }
    long seconds = duration.toSeconds();
    if (seconds < 3600) {
      return seconds / 60 + "m" + String.format("%02ds", seconds % 60);
    }
    return seconds / 3600 + "h" + String.format("%02dm", seconds % 3600 / 60);
  }

  private static void finish(QueryStatus status, QueryExecutions.Execution execution, Clock clock) {
    Instant now = Instant.now(clock);
    Duration took = Duration.between(execution.started(), now);
    status.completionTime = seconds(now);
    status.durationMillis = took.toMillis();
    status.duration = format(took);
  }

  private static void clearResult(QueryStatus status) {
    status.columns = null;
    status.rows = null;
    status.rowCount = null;
    status.truncated = null;
    status.duration = null;
    status.durationMillis = null;
    status.trinoQueryId = null;
    status.error = null;
    status.output = null;
    status.completionTime = null;
  }

  private static void conditions(
      QueryStatus status,
      boolean complete,
      boolean failed,
      String reason,
      String message,
      long generation,
      Clock clock) {
    status.conditions =
        Conditions.set(
            status.conditions,
            ConditionTypes.COMPLETE,
            complete,
            reason,
            message,
            generation,
            clock);
    status.conditions =
        Conditions.set(
            status.conditions, ConditionTypes.FAILED, failed, reason, message, generation, clock);
  }

  private static String seconds(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
