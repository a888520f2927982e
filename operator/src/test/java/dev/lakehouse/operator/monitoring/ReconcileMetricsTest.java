package dev.lakehouse.operator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.api.lakehouse.Lakehouse;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.monitoring.Metrics.ControllerExecution;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Drives the callbacks in the order JOSDK 5.2.3 calls them on a reconciling thread. */
class ReconcileMetricsTest {
  final MetricRegistry registry = new MetricRegistry();
  final ReconcileMetrics metrics = new ReconcileMetrics(registry);
  final Lakehouse lakehouse = lakehouse();

  @Test
  void aReconcileCountsOnceWithItsDuration() throws Exception {
    reconcile(() -> "done", false);

    Scrape scrape = new Scrape(registry.scrape());
    assertThat(scrape.value("lakehouse_operator_reconciles_total{kind=\"Lakehouse\"}"))
        .isEqualTo(1);
    assertThat(scrape.value("lakehouse_operator_reconcile_errors_total{kind=\"Lakehouse\"}"))
        .isZero();
    assertThat(
            scrape.value("lakehouse_operator_reconcile_duration_seconds_count{kind=\"Lakehouse\"}"))
        .isEqualTo(1);
    assertThat(
            scrape.value(
                "lakehouse_operator_reconcile_duration_seconds_bucket{kind=\"Lakehouse\",le=\"+Inf\"}"))
        .isEqualTo(1);
  }

  @Test
  void aReconcilerThatThrowsIsOneErrorThoughJosdkReportsItToo() {
    assertThatThrownBy(
            () ->
                reconcile(
                    () -> {
                      throw new IllegalStateException("the API server said no");
                    },
                    true))
        .hasMessage("the API server said no");

    Scrape scrape = new Scrape(registry.scrape());
    assertThat(scrape.value("lakehouse_operator_reconcile_errors_total{kind=\"Lakehouse\"}"))
        .isEqualTo(1);
    assertThat(scrape.value("lakehouse_operator_reconciles_total{kind=\"Lakehouse\"}"))
        .isEqualTo(1);
  }

  @Test
  void aFailureOnlyJosdkSeesCountsToo() throws Exception {
    // The reconciler returned, then JOSDK's status patch failed and it scheduled a retry.
    reconcile(() -> "patch the status", true);

    assertThat(
            new Scrape(registry.scrape())
                .value("lakehouse_operator_reconcile_errors_total{kind=\"Lakehouse\"}"))
        .isEqualTo(1);
  }

  @Test
  void aReconcilerFailureJosdkDoesNotReportStillCounts() {
    // A new event arrived meanwhile: JOSDK resubmits at once and calls no failedReconciliation.
    assertThatThrownBy(
            () ->
                reconcile(
                    () -> {
                      throw new IllegalStateException("conflict");
                    },
                    false))
        .isInstanceOf(IllegalStateException.class);

    assertThat(
            new Scrape(registry.scrape())
                .value("lakehouse_operator_reconcile_errors_total{kind=\"Lakehouse\"}"))
        .isEqualTo(1);
  }

  @Test
  void aFinishWithoutAStartCountsNothing() {
    // JOSDK skips a reconcile whose resource left the cache: finished is called, started is not.
    metrics.reconciliationExecutionFinished(lakehouse, Map.of());

    assertThat(
            new Scrape(registry.scrape())
                .find("lakehouse_operator_reconciles_total{kind=\"Lakehouse\"}"))
        .isEmpty();
  }

  private interface Body {
    String run() throws Exception;
  }

  /** started, the reconciler, a failedReconciliation if JOSDK retries, finished. */
  private void reconcile(Body body, boolean josdkReportsFailure) throws Exception {
    metrics.reconciliationExecutionStarted(lakehouse, Map.of());
    try {
      metrics.timeControllerExecution(execution(body));
    } finally {
      if (josdkReportsFailure) {
        metrics.failedReconciliation(lakehouse, new IllegalStateException("retrying"), Map.of());
      }
      metrics.reconciliationExecutionFinished(lakehouse, Map.of());
    }
  }

  private ControllerExecution<String> execution(Body body) {
    return new ControllerExecution<>() {
      @Override
      public String name() {
        return "reconcile";
      }

      @Override
      public String controllerName() {
        return "lakehousereconciler";
      }

      @Override
      public String successTypeName(String result) {
        return "resource";
      }

      @Override
      public ResourceID resourceID() {
        return ResourceID.fromResource(lakehouse);
      }

      @Override
      public Map<String, Object> metadata() {
        return Map.of();
      }

      @Override
      public String execute() throws Exception {
        return body.run();
      }
    };
  }

  private static Lakehouse lakehouse() {
    var lakehouse = new Lakehouse();
    lakehouse.setMetadata(new ObjectMetaBuilder().withName("demo").withNamespace("data").build());
    return lakehouse;
  }
}
