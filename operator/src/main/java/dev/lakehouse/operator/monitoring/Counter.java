package dev.lakehouse.operator.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.DoubleAdder;

/** A counter with labels: one series per label values, only ever increased. */
public final class Counter extends MetricFamily {
  private final ConcurrentMap<List<String>, DoubleAdder> series = new ConcurrentHashMap<>();

  Counter(String name, String help, List<String> labelNames) {
    super(name, help, MetricType.COUNTER, labelNames);
    if (!name.endsWith("_total")) {
      throw new IllegalArgumentException("a counter's name ends with _total: " + name);
    }
  }

  public void inc(String... labelValues) {
    add(1, labelValues);
  }

  public void add(double amount, String... labelValues) {
    if (!(amount >= 0)) {
      throw new IllegalArgumentException(name + " only increases, not by " + amount);
    }
    series(labelValues).add(amount);
  }

  /** Exposes the series at 0 before its first increase, so rate() sees that increase. */
  public void initialize(String... labelValues) {
    series(labelValues);
  }

  private DoubleAdder series(String... labelValues) {
    return series.computeIfAbsent(
        LabelValues.of(name, labelNames, labelValues), k -> new DoubleAdder());
  }

  @Override
  public List<Sample> samples() {
    List<Sample> samples = new ArrayList<>();
    series.keySet().stream()
        .sorted(LabelValues.ORDER)
        .forEach(
            values -> samples.add(new Sample(name, labelNames, values, series.get(values).sum())));
    return samples;
  }
}
