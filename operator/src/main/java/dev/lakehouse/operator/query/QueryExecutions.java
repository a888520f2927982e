package dev.lakehouse.operator.query;

import dev.lakehouse.api.query.Query;
import dev.lakehouse.operator.monitoring.ResourceMdc;
import dev.lakehouse.query.Cancellation;
import dev.lakehouse.query.QueryEngine;
import dev.lakehouse.query.QueryFailure;
import dev.lakehouse.query.QueryRequest;
import dev.lakehouse.query.QueryResult;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Trino queries in flight, one per Query at most, on worker threads so a reconcile never waits
 * for Trino. A finished query triggers a reconcile of its Query, which writes the outcome.
 */
final class QueryExecutions implements AutoCloseable {
  static final String EVENT_SOURCE = "query-executions";

  private final ExecutorService workers;
  private final SimpleInboundEventSource<Query> finished =
      new SimpleInboundEventSource<>(EVENT_SOURCE);
  private final Map<String, Execution> byUid = new ConcurrentHashMap<>();

  QueryExecutions(int threads) {
    AtomicInteger count = new AtomicInteger();
    this.workers =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread thread = new Thread(r, "query-worker-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  SimpleInboundEventSource<Query> eventSource() {
    return finished;
  }

  /**
   * A query running for one generation of a Query.
   *
   * @param trigger why it runs, for messages: "spec", "schedule", ...
   * @param outputLocation the key its full result goes to, or null
   */
  record Execution(
      long generation,
      String trigger,
      Instant started,
      String outputLocation,
      Cancellation cancellation,
      CompletableFuture<QueryResult> result) {

    boolean done() {
      return result.isDone();
    }

    /** The result, or empty when it failed ({@link #failure}). */
    Optional<QueryResult> success() {
      return result.isCompletedExceptionally() ? Optional.empty() : Optional.of(result.join());
    }

    QueryFailure failure() {
      try {
        result.join();
        throw new IllegalStateException("the query succeeded");
      } catch (java.util.concurrent.CompletionException e) {
        if (e.getCause() instanceof QueryFailure failure) {
          return failure;
        }
        String message = e.getCause() == null ? e.toString() : e.getCause().toString();
        return new QueryFailure(
            QueryFailure.Kind.FAILED, "the query could not run: " + message, null, e.getCause());
      }
    }
  }

  Optional<Execution> of(Query query) {
    return Optional.ofNullable(byUid.get(query.getMetadata().getUid()));
  }

  Execution start(
      Query query,
      QueryEngine engine,
      QueryRequest request,
      String trigger,
      Instant started,
      String outputLocation) {
    Cancellation cancellation = new Cancellation();
    ResourceID id = ResourceID.fromResource(query);
    // The whole task runs with the Query in the MDC, the completion that wakes the reconciler too,
    // so that the worker's log lines name the Query as the reconciler's do.
    CompletableFuture<QueryResult> result =
        CompletableFuture.supplyAsync(
            () -> engine.run(request, cancellation),
            task -> workers.execute(ResourceMdc.wrap(query, task)));
    Execution execution =
        new Execution(
            query.getMetadata().getGeneration(),
            trigger,
            started,
            outputLocation,
            cancellation,
            result);
    Execution previous = byUid.put(query.getMetadata().getUid(), execution);
    if (previous != null) {
      previous.cancellation().cancel("replaced by a newer run");
    }
    result.whenComplete((r, e) -> finished.propagateEvent(id));
    return execution;
  }

  /** Cancels the Query's running query, if any, and forgets it. */
  void cancel(Query query, String reason) {
    Execution execution = byUid.remove(query.getMetadata().getUid());
    if (execution != null) {
      execution.cancellation().cancel(reason);
    }
  }

  /** Forgets a finished execution once its outcome is in the status. */
  void forget(Query query, Execution execution) {
    byUid.remove(query.getMetadata().getUid(), execution);
  }

  @Override
  public void close() {
    byUid.values().forEach(e -> e.cancellation().cancel("the operator is stopping"));
    byUid.clear();
    workers.shutdownNow();
  }
}
