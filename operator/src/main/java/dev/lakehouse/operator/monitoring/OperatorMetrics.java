package dev.lakehouse.operator.monitoring;

import io.javaoperatorsdk.operator.api.monitoring.AggregatedMetrics;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import java.util.List;

/**
 * Every metric of the operator process, named {@code lakehouse_operator_*}: reconciles per kind,
 * IngestionRuns, leadership and the JVM, and the JOSDK hook that feeds them.
 */
public final class OperatorMetrics {
  private final MetricRegistry registry = new MetricRegistry();
  private final Metrics josdk;

  public OperatorMetrics(Leadership leadership) {
    // ReconcileMetrics goes first: AggregatedMetrics times the reconciler through the first only.
    this.josdk =
        new AggregatedMetrics(
            List.of(new ReconcileMetrics(registry), new IngestionRunMetrics(registry)));
    registry.gauge(
        "lakehouse_operator_leader",
        "1 while this replica reconciles: it holds the leader lease, or leader election is off.",
        () -> leadership.leads() ? 1 : 0);
    JvmMetrics.register(registry);
  }

  /** For {@code ConfigurationServiceOverrider.withMetrics}. */
  public Metrics josdk() {
    return josdk;
  }

  public String scrape() {
    return registry.scrape();
  }
}
