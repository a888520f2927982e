package dev.lakehouse.operator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
  @Test
  void countersGaugesAndHistogramsInTheTextFormat() {
    var registry = new MetricRegistry();
    Counter reconciles = registry.counter("x_reconciles_total", "Reconciles.", "kind");
    reconciles.inc("Query");
    reconciles.add(2, "Lakehouse");
    reconciles.initialize("Dataset");
    registry.gauge("x_heap_bytes", "Heap.", () -> 1.5e9);
    Histogram durations =
        registry.histogram("x_duration_seconds", "Durations.", new double[] {0.25, 1, 2.5}, "kind");
    durations.observe(0.125, "Query");
    // A value on a bound counts in that bucket (le: less or equal).
    durations.observe(0.25, "Query");
    durations.observe(2, "Query");
    durations.observe(7, "Query");

    assertThat(registry.scrape())
        .isEqualTo(
            """
            # HELP x_reconciles_total Reconciles.
            # TYPE x_reconciles_total counter
            x_reconciles_total{kind="Dataset"} 0
            x_reconciles_total{kind="Lakehouse"} 2
            x_reconciles_total{kind="Query"} 1
            # HELP x_heap_bytes Heap.
            # TYPE x_heap_bytes gauge
            x_heap_bytes 1500000000
            # HELP x_duration_seconds Durations.
            # TYPE x_duration_seconds histogram
            x_duration_seconds_bucket{kind="Query",le="0.25"} 2
            x_duration_seconds_bucket{kind="Query",le="1"} 2
            x_duration_seconds_bucket{kind="Query",le="2.5"} 3
            x_duration_seconds_bucket{kind="Query",le="+Inf"} 4
            x_duration_seconds_sum{kind="Query"} 9.375
            x_duration_seconds_count{kind="Query"} 4
            """);
  }

  @Test
  void labelValuesAndHelpAreEscaped() {
    var registry = new MetricRegistry();
    Map<List<String>, Double> values = new LinkedHashMap<>();
    values.put(List.of("a \"quoted\"\nback\\slash"), 1.0);
    registry.gauge("x_odd", "Help with a \\ and a\nnewline.", List.of("name"), () -> values);

    assertThat(registry.scrape())
        .isEqualTo(
            """
            # HELP x_odd Help with a \\\\ and a\\nnewline.
            # TYPE x_odd gauge
            x_odd{name="a \\"quoted\\"\\nback\\\\slash"} 1
            """);
  }

  @Test
  void specialValuesAreSpelledAsPrometheusReadsThem() {
    assertThat(PrometheusText.number(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    assertThat(PrometheusText.number(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
    assertThat(PrometheusText.number(Double.NaN)).isEqualTo("NaN");
    assertThat(PrometheusText.number(0.25)).isEqualTo("0.25");
    assertThat(PrometheusText.number(-3)).isEqualTo("-3");
  }

  @Test
  void badNamesLabelsAndUsesAreRefused() {
    var registry = new MetricRegistry();
    registry.counter("x_total", "Fine.");
    assertThatThrownBy(() -> registry.counter("x_total", "Again."))
        .hasMessageContaining("registered already");
    assertThatThrownBy(() -> registry.counter("x-y_total", "Dash."))
        .hasMessageContaining("not a metric name");
    assertThatThrownBy(() -> registry.counter("x_count", "No suffix."))
        .hasMessageContaining("ends with _total");
    assertThatThrownBy(() -> registry.counter("y_total", "Label.", "__reserved"))
        .hasMessageContaining("not a label name");
    assertThatThrownBy(() -> registry.histogram("h", "Le.", new double[] {1}, "le"))
        .hasMessageContaining("le is the bucket label");
    assertThatThrownBy(() -> registry.histogram("h2", "Order.", new double[] {2, 1}))
        .hasMessageContaining("buckets must increase");
    Counter counter = registry.counter("z_total", "Labelled.", "kind");
    assertThatThrownBy(() -> counter.inc()).hasMessageContaining("takes labels [kind]");
    assertThatThrownBy(() -> counter.add(-1, "Query")).hasMessageContaining("only increases");
  }
}
