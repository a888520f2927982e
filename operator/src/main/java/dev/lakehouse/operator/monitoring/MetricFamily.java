package dev.lakehouse.operator.monitoring;

import java.util.List;

/** One Prometheus metric: its name, HELP text, TYPE, label names and samples at scrape time. */
public interface MetricFamily {
  String name();

  String help();

  MetricType type();

  List<String> labelNames();

  /** The current samples, in a stable order. */
  List<Sample> samples();
}
