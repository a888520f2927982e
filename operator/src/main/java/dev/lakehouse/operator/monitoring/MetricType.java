package dev.lakehouse.operator.monitoring;

import java.util.Locale;

/** The metric types this operator exposes, as the TYPE line names them. */
public enum MetricType {
  COUNTER,
  GAUGE,
  HISTOGRAM;

  String exposed() {
    return name().toLowerCase(Locale.ROOT);
  }
}
