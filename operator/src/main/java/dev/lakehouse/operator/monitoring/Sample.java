package dev.lakehouse.operator.monitoring;

import java.util.List;

/**
 * One line of a scrape: a sample name (the family name, or it with a histogram suffix), label
 * values in the order of the names, and the value.
 */
public record Sample(String name, List<String> labelNames, List<String> labelValues, double value) {
  public Sample {
    if (labelNames.size() != labelValues.size()) {
      throw new IllegalArgumentException(
          name + ": " + labelNames.size() + " label names but " + labelValues.size() + " values");
    }
  }
}
