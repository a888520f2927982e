package dev.lakehouse.operator.monitoring;

import java.util.List;

/** One Prometheus metric: its name, HELP text, TYPE, label names and samples at scrape time. */
public abstract class MetricFamily {
  protected final String name;
  private final String help;
  private final MetricType type;
  protected final List<String> labelNames;

  MetricFamily(String name, String help, MetricType type, List<String> labelNames) {
    this.name = name;
    this.help = help;
    this.type = type;
    this.labelNames = List.copyOf(labelNames);
  }

  public final String name() {
    return name;
  }

  public final String help() {
    return help;
  }

  public final MetricType type() {
    return type;
  }

  public final List<String> labelNames() {
    return labelNames;
  }

  /** The current samples, in a stable order. */
  public abstract List<Sample> samples();
}
