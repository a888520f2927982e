package dev.lakehouse.operator.query;

import dev.lakehouse.api.common.ConditionTypes;
import dev.lakehouse.api.common.Conditions;
import dev.lakehouse.api.common.Schedule;
import dev.lakehouse.api.lakehouse.Lakehouse;
import dev.lakehouse.api.query.Query;
import dev.lakehouse.api.query.QueryPhase;
import dev.lakehouse.api.query.QuerySpec;
import dev.lakehouse.api.query.QueryStatus;
import dev.lakehouse.operator.OperatorSettings;
import dev.lakehouse.operator.k8s.EventReason;
import dev.lakehouse.operator.k8s.EventRecorder;
import dev.lakehouse.operator.lakehouse.LakehouseModel;
import dev.lakehouse.operator.schedule.CronSchedule;
import dev.lakehouse.query.QueryEngine;
import dev.lakehouse.query.QueryFailure;
import dev.lakehouse.query.QueryRequest;
import dev.lakehouse.query.QueryResult;
import dev.lakehouse.query.ResultFormat;
import dev.lakehouse.query.ResultOutput;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a Query's SQL through its Lakehouse's Trino as the read-only user: once when it is created
 * and again whenever its spec changes, and on its schedule. The query runs on a worker thread; a
 * newer spec or the Query's deletion cancels it in Trino. Trino being out of reach is retried with
 * back-off; Trino's own errors (syntax, access denied, a missing table) are final until the spec
 * changes.
 */
public class QueryReconciler implements Reconciler<Query>, Cleaner<Query>, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(QueryReconciler.class);
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  static final int MAX_RETRIES = 5;
  private static final Duration FIRST_RETRY = Duration.ofSeconds(15);
  private static final Duration MAX_RETRY = Duration.ofMinutes(5);

  private final OperatorSettings settings;
  private final EventRecorder events;
  private final Clock clock;
  private final QueryConnections connections;
  private final QueryExecutions executions;

  public QueryReconciler(
      OperatorSettings settings,
      EventRecorder events,
      Clock clock,
      QueryConnections connections,
      int workerThreads) {
    this.settings = settings;
    this.events = events;
    this.clock = clock;
    this.connections = connections;
    this.executions = new QueryExecutions(workerThreads);
  }

  @Override
  public List<EventSource<?, Query>> prepareEventSources(EventSourceContext<Query> context) {
    List<EventSource<?, Query>> sources = new ArrayList<>(QueryInformers.create(context));
    sources.add(executions.eventSource());
    return sources;
  }

  @Override
  public UpdateControl<Query> reconcile(Query query, Context<Query> context) {
    Instant now = Instant.now(clock);
    QueryStatus status = QueryStatuses.copyOf(query.getStatus());
    Optional<Lakehouse> lakehouse = QueryInformers.lakehouse(context, query);

    Optional<QueryExecutions.Execution> landed =
        executions.of(query).filter(QueryExecutions.Execution::done);
    landed.ifPresent(execution -> land(query, status, execution));
    Optional<QueryExecutions.Execution> current =
        dropOutdated(query, status, executions.of(query).filter(e -> !e.done()), lakehouse);
    List<Instant> wakeUps = new ArrayList<>();
    Optional<String> trigger = trigger(query, status, current, now, wakeUps);
    if (trigger.isPresent()) {
      Optional<String> problem = lakehouseProblem(query, lakehouse);
      if (problem.isPresent()) {
        waitFor(query, status, problem.get());
      } else {
        start(query, status, new LakehouseModel(lakehouse.get(), settings, ""), trigger.get(), now);
      }
    }
    writeIfChanged(query, status, context);
    // Only once its outcome is written: a failed write reconciles again with it still at hand.
    landed.ifPresent(execution -> executions.forget(query, execution));
    return wakeUps.stream()
        .min(Comparator.naturalOrder())
        .map(at -> UpdateControl.<Query>noUpdate().rescheduleAfter(until(now, at)))
        .orElse(UpdateControl.noUpdate());
  }

  /** Puts a finished query's outcome into the status. */
  private void land(Query query, QueryStatus status, QueryExecutions.Execution execution) {
    Optional<QueryResult> result = execution.success();
    if (result.isPresent()) {
      QueryStatuses.succeeded(status, execution, result.get(), clock);
      events.record(query, EventReason.QuerySucceeded, conditionMessage(status));
      return;
    }
    QueryFailure failure = execution.failure();
    QueryStatuses.failed(status, execution, failure, clock);
    if (failure.kind() == QueryFailure.Kind.UNAVAILABLE) {
      int retries = Optional.ofNullable(status.retries).orElse(0);
      status.retries = retries + 1;
      if (retries < MAX_RETRIES) {
        status.error =
            failure.getMessage()
                + " (retry "
                + (retries + 1)
                + " of "
                + MAX_RETRIES
                + " in "
                + QueryStatuses.format(backOff(retries + 1))
                + ")";
      }
    }
    LOG.warn("Query {}: {}", id(query), status.error);
    events.record(
        query,
        failure.kind() == QueryFailure.Kind.CANCELLED
            ? EventReason.QueryCancelled
            : EventReason.QueryFailed,
        status.error);
  }

  /** A run of an older spec, or of a Lakehouse that is gone, is cancelled in Trino. */
  private Optional<QueryExecutions.Execution> dropOutdated(
      Query query,
      QueryStatus status,
      Optional<QueryExecutions.Execution> current,
      Optional<Lakehouse> lakehouse) {
    if (current.isEmpty()) {
      return current;
    }
    QueryExecutions.Execution execution = current.get();
    if (execution.generation() != query.getMetadata().getGeneration()) {
      executions.cancel(query, "the Query's spec changed while it ran; the new spec runs instead");
      events.record(
          query,
          EventReason.QueryCancelled,
          "cancelled the run of generation "
              + execution.generation()
              + " in Trino: the spec changed");
      return Optional.empty();
    }
    if (lakehouse.isEmpty()) {
      String reason = "Lakehouse \"" + query.getSpec().lakehouse + "\" was deleted while it ran";
      executions.cancel(query, reason);
      QueryStatuses.failed(
          status,
          execution,
          new QueryFailure(QueryFailure.Kind.CANCELLED, reason, null, null),
          clock);
      events.record(query, EventReason.QueryCancelled, reason);
      return Optional.empty();
    }
    return current;
  }

  /**
   * Why the query should start now, if it should: a new spec, a run the operator lost in a restart,
   * a retry once Trino was out of reach, or a schedule tick. Adds when to look again.
   */
  private Optional<String> trigger(
      Query query,
      QueryStatus status,
      Optional<QueryExecutions.Execution> current,
      Instant now,
      List<Instant> wakeUps) {
    long generation = query.getMetadata().getGeneration();
    Optional<String> tick = tick(query, status, current.isPresent(), now, wakeUps);
    if (current.isPresent()) {
      return Optional.empty();
    }
    if (!Objects.equals(status.observedGeneration, generation)) {
      return Optional.of(
          status.observedGeneration == null ? "the Query was created" : "its spec changed");
    }
    if (status.phase == QueryPhase.Running) {
      return Optional.of("the operator restarted while it ran");
    }
    Optional<Instant> retryAt = retryAt(status);
    if (retryAt.isPresent()) {
      if (!now.isBefore(retryAt.get())) {
        return Optional.of("retry " + status.retries + " of " + MAX_RETRIES);
      }
      wakeUps.add(retryAt.get());
    }
    return tick;
  }

  /** The schedule's due tick, recorded as acted on; a tick while a run is active is skipped. */
  private Optional<String> tick(
      Query query, QueryStatus status, boolean running, Instant now, List<Instant> wakeUps) {
    Schedule schedule = query.getSpec().schedule;
    if (schedule == null || Boolean.TRUE.equals(schedule.suspend)) {
      status.nextScheduleTime = null;
      return Optional.empty();
    }
    CronSchedule cron;
    try {
      cron = CronSchedule.parse(schedule.cron, schedule.timeZone);
    } catch (IllegalArgumentException e) {
      if (!Objects.equals(status.error, e.getMessage())) {
        events.record(query, EventReason.InvalidSchedule, e.getMessage());
      }
      status.nextScheduleTime = null;
      status.error = e.getMessage();
      return Optional.empty();
    }
    Instant after =
        status.lastScheduleTime != null
            ? Instant.parse(status.lastScheduleTime)
            : Instant.parse(query.getMetadata().getCreationTimestamp());
    Optional<Instant> due = cron.latestTick(after, now);
    Optional<Instant> next = cron.nextTick(now);
    status.nextScheduleTime = next.map(Instant::toString).orElse(null);
    next.map(t -> t.plusSeconds(1)).ifPresent(wakeUps::add);
    if (due.isEmpty()) {
      return Optional.empty();
    }
    status.lastScheduleTime = due.get().toString();
    if (running) {
      events.record(
          query,
          EventReason.ScheduleSkipped,
          "skipped the tick " + due.get() + ": the previous run has not finished");
      return Optional.empty();
    }
    return Optional.of("the schedule's tick " + due.get());
  }

  private static Optional<Instant> retryAt(QueryStatus status) {
    boolean unavailable =
        status.phase == QueryPhase.Failed
            && Conditions.find(status.conditions, ConditionTypes.FAILED)
                .map(c -> QueryStatuses.REASON_UNAVAILABLE.equals(c.getReason()))
                .orElse(false);
    int retries = Optional.ofNullable(status.retries).orElse(0);
    if (!unavailable || retries == 0 || retries > MAX_RETRIES || status.completionTime == null) {
      return Optional.empty();
    }
    return Optional.of(Instant.parse(status.completionTime).plus(backOff(retries)));
  }

  static Duration backOff(int retry) {
    Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(10, retry - 1));
    return wait.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait;
  }

  private Optional<String> lakehouseProblem(Query query, Optional<Lakehouse> lakehouse) {
    String name = query.getSpec().lakehouse;
    if (lakehouse.isEmpty()) {
      return Optional.of(
          "Lakehouse \""
              + name
              + "\" (spec.lakehouse) does not exist in namespace "
              + query.getMetadata().getNamespace());
    }
    var lakehouseStatus = lakehouse.get().getStatus();
    if (lakehouseStatus != null
        && Conditions.isTrue(lakehouseStatus.conditions, ConditionTypes.READY)) {
      return Optional.empty();
    }
    String phase =
        lakehouseStatus == null || lakehouseStatus.phase == null
            ? "not reconciled yet"
            : lakehouseStatus.phase;
    return Optional.of(
        "Lakehouse \""
            + name
            + "\" is not ready ("
            + phase
            + "): the query runs once it is; see kubectl describe lakehouse "
            + name);
  }

  private void waitFor(Query query, QueryStatus status, String problem) {
    boolean missing = problem.contains("does not exist");
    if (!Objects.equals(status.error, problem)) {
      events.record(
          query, missing ? EventReason.LakehouseNotFound : EventReason.LakehouseNotReady, problem);
    }
    QueryStatuses.pending(
        status,
        query.getMetadata().getGeneration(),
        missing ? EventReason.LakehouseNotFound.name() : EventReason.LakehouseNotReady.name(),
        problem,
        clock);
  }

  private void start(
      Query query, QueryStatus status, LakehouseModel lakehouse, String trigger, Instant now) {
    QuerySpec spec = query.getSpec();
    QueryRequest request =
        new QueryRequest(
            spec.sql,
            spec.schema,
            Optional.ofNullable(spec.maxRows).orElse(100),
            QueryRequest.DEFAULT_PREVIEW_BYTES,
            Duration.ofSeconds(Optional.ofNullable(spec.timeoutSeconds).orElse(600)),
            null);
    String location = null;
    if (spec.output != null) {
      ResultFormat format =
          ResultFormat.valueOf(spec.output.format.name().toUpperCase(Locale.ROOT));
      String key = OutputKeys.of(spec.output.path, query.getMetadata().getName(), now, format);
      request = request.withOutput(new ResultOutput(format, connections.store(lakehouse), key));
      location = "s3://" + lakehouse.bucket() + "/" + key;
    }
    if (!trigger.startsWith("retry")) {
      status.retries = null;
    }
    QueryEngine engine = connections.engine(lakehouse);
    var execution = executions.start(query, engine, request, trigger, now, location);
    String message =
        "running in Trino ("
            + trigger
            + ")"
            + (location == null ? "" : "; the full result goes to " + location);
    QueryStatuses.running(status, execution, message, clock);
    events.record(query, EventReason.QueryStarted, message);
  }

  /**
   * Writes the status when it changed, locked on the resourceVersion, and caches it: the next
   * reconcile (a finished query comes soon after) must start from this status.
   */
  private void writeIfChanged(Query query, QueryStatus status, Context<Query> context) {
    if (!JSON.asJson(status).equals(JSON.asJson(query.getStatus()))) {
      PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(
          query,
          context,
          q -> {
            q.setStatus(status);
            return q;
          });
    }
  }

  @Override
  public ErrorStatusUpdateControl<Query> updateErrorStatus(
      Query query, Context<Query> context, Exception e) {
    LOG.error("Query {}: reconcile failed, retrying with back-off", id(query), e);
    events.record(
        query,
        EventReason.ReconcileFailed,
        "reconcile failed, retrying with back-off: " + e.getMessage());
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  @Override
  public DeleteControl cleanup(Query query, Context<Query> context) {
    executions.cancel(query, "the Query was deleted");
    return DeleteControl.defaultDelete();
  }

  @Override
  public void close() {
    executions.close();
  }

  private static String conditionMessage(QueryStatus status) {
    return Conditions.find(status.conditions, ConditionTypes.COMPLETE)
        .map(c -> c.getMessage())
        .orElse("");
  }

  private static Duration until(Instant now, Instant at) {
    Duration wait = Duration.between(now, at);
    return wait.isNegative() ? Duration.ofSeconds(1) : wait;
  }

  private static String id(Query query) {
    return query.getMetadata().getNamespace() + "/" + query.getMetadata().getName();
  }
}
