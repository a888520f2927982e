package dev.lakehouse.operator.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/** A gauge read at scrape time from what the process already knows; it stores nothing itself. */
public final class Gauge extends MetricFamily {
  private final Supplier<Map<List<String>, Double>> values;

  Gauge(
      String name,
      String help,
      List<String> labelNames,
      Supplier<Map<List<String>, Double>> values) {
    super(name, help, MetricType.GAUGE, labelNames);
    this.values = values;
  }

  Gauge(String name, String help, DoubleSupplier value) {
    this(name, help, List.of(), () -> Map.of(List.of(), value.getAsDouble()));
  }

  @Override
  public List<Sample> samples() {
    Map<List<String>, Double> current = values.get();
    List<Sample> samples = new ArrayList<>();
    current.keySet().stream()
        .sorted(LabelValues.ORDER)
        .forEach(
            labels ->
                samples.add(
                    new Sample(
                        name,
                        labelNames,
                        LabelValues.of(name, labelNames, labels.toArray(String[]::new)),
                        current.get(labels))));
    return samples;
  }
}
