package dev.lakehouse.operator.monitoring;

import java.util.List;

/** Prometheus' text exposition format 0.0.4: HELP and TYPE lines, then one line per sample. */
public final class PrometheusText {
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private PrometheusText() {}

  public static String format(List<MetricFamily> families) {
    StringBuilder out = new StringBuilder(4096);
    for (MetricFamily family : families) {
      out.append("# HELP ")
          .append(family.name())
          .append(' ')
          .append(escapeHelp(family.help()))
          .append('\n');
      out.append("# TYPE ")
          .append(family.name())
          .append(' ')
          .append(family.type().exposed())
          .append('\n');
      for (Sample sample : family.samples()) {
        out.append(sample.name());
        if (!sample.labelNames().isEmpty()) {
          out.append('{');
          for (int i = 0; i < sample.labelNames().size(); i++) {
            if (i > 0) {
              out.append(',');
            }
            out.append(sample.labelNames().get(i))
                .append("=\"")
                .append(escapeLabelValue(sample.labelValues().get(i)))
                .append('"');
          }
          out.append('}');
        }
        out.append(' ').append(number(sample.value())).append('\n');
      }
    }
    return out.toString();
  }

  /**
   * Whole numbers without a fraction or exponent (counts read best that way), others as Java does.
   */
  static String number(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  static String escapeHelp(String help) {
    return help.replace("\\", "\\\\").replace("\n", "\\n");
  }

  static String escapeLabelValue(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
