package dev.lakehouse.operator.monitoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** The metrics one process exposes, in registration order, with unique and valid names. */
public final class MetricRegistry {
  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private final Map<String, MetricFamily> families = new LinkedHashMap<>();

  public Counter counter(String name, String help, String... labelNames) {
    return register(new Counter(name, help, List.of(labelNames)));
  }

  public Histogram histogram(String name, String help, double[] buckets, String... labelNames) {
    return register(new Histogram(name, help, buckets, List.of(labelNames)));
  }

  public Gauge gauge(String name, String help, DoubleSupplier value) {
    return register(new Gauge(name, help, value));
  }

  /** A gauge whose series are the keys of the map the supplier returns (label values in order). */
  public Gauge gauge(
      String name,
      String help,
      List<String> labelNames,
      Supplier<Map<List<String>, Double>> values) {
    return register(new Gauge(name, help, labelNames, values));
  }

  public synchronized <T extends MetricFamily> T register(T family) {
    if (!METRIC_NAME.matcher(family.name()).matches()) {
      throw new IllegalArgumentException("not a metric name: " + family.name());
    }
    for (String label : family.labelNames()) {
      if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
        throw new IllegalArgumentException(family.name() + ": not a label name: " + label);
      }
    }
    if (families.putIfAbsent(family.name(), family) != null) {
      throw new IllegalArgumentException(family.name() + " is registered already");
    }
    return family;
  }

  public synchronized List<MetricFamily> families() {
    return new ArrayList<>(families.values());
  }

  /** Every metric in the text exposition format. */
  public String scrape() {
    return PrometheusText.format(families());
  }
}
