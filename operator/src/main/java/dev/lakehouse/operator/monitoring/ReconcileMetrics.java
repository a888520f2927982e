package dev.lakehouse.operator.monitoring;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.processing.Controller;
import java.util.Map;

/**
 * Reconciles, failed reconciles and reconcile durations per resource kind, fed by JOSDK. JOSDK
 * 5.2.3 calls, on the thread that reconciles: {@code reconciliationExecutionStarted}, then the
 * reconciler through {@link #timeControllerExecution}, then (after its own status patch) {@code
 * failedReconciliation} if it schedules a retry, then {@code reconciliationExecutionFinished}. A
 * reconcile counts as failed when the reconciler threw or JOSDK reported the failure; JOSDK alone
 * misses a failure when a new event came meanwhile, and the reconciler alone misses a failed status
 * patch.
 */
public final class ReconcileMetrics implements Metrics {
  /** Seconds: most reconciles are a few API calls; the top buckets catch a slow API server. */
  static final double[] DURATION_BUCKETS = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60
  };

  private final Counter reconciles;
  private final Counter errors;
  private final Histogram durations;
  private final ThreadLocal<Execution> current = new ThreadLocal<>();

  public ReconcileMetrics(MetricRegistry registry) {
    this.reconciles =
        registry.counter(
            "lakehouse_operator_reconciles_total",
            "Reconciles finished, failed ones included, per resource kind.",
            "kind");
    this.errors =
        registry.counter(
            "lakehouse_operator_reconcile_errors_total",
            "Reconciles that failed (the reconciler threw or its status write failed); each is"
                + " retried with back-off.",
            "kind");
    this.durations =
        registry.histogram(
            "lakehouse_operator_reconcile_duration_seconds",
            "How long reconciles took, status writes included, per resource kind.",
            DURATION_BUCKETS,
            "kind");
  }

  /** One reconcile in progress on this thread. */
  private static final class Execution {
    final String kind;
    final long startNanos;
    boolean failed;

    Execution(String kind, long startNanos) {
      this.kind = kind;
      this.startNanos = startNanos;
    }
  }

  @Override
  public void controllerRegistered(Controller<? extends HasMetadata> controller) {
    String kind = controller.getAssociatedGroupVersionKind().getKind();
    reconciles.initialize(kind);
    errors.initialize(kind);
    durations.initialize(kind);
  }

  @Override
  public void reconciliationExecutionStarted(HasMetadata resource, Map<String, Object> metadata) {
    current.set(new Execution(CallbackMetadata.kind(resource, metadata), System.nanoTime()));
  }

  @Override
  public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
    try {
      return execution.execute();
    } catch (Exception e) {
      Execution running = current.get();
      if (running != null) {
        running.failed = true;
      }
      throw e;
    }
  }

  @Override
  public void failedReconciliation(
      HasMetadata resource, Exception exception, Map<String, Object> metadata) {
    Execution running = current.get();
    if (running != null) {
      running.failed = true;
    } else {
      errors.inc(CallbackMetadata.kind(resource, metadata));
    }
  }

  @Override
  public void reconciliationExecutionFinished(HasMetadata resource, Map<String, Object> metadata) {
    Execution done = current.get();
    if (done == null) {
      return; // JOSDK skipped the reconcile (the resource was gone) without starting it
    }
    current.remove();
    reconciles.inc(done.kind);
    if (done.failed) {
      errors.inc(done.kind);
    } else {
      errors.initialize(done.kind);
    }
    durations.observe((System.nanoTime() - done.startNanos) / 1e9, done.kind);
  }
}
