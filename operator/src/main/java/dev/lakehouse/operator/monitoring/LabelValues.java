package dev.lakehouse.operator.monitoring;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Label values as the key of one series, checked against the family's label names. */
final class LabelValues {
  /** Orders series by their label values, so a scrape lists them the same way each time. */
  static final Comparator<List<String>> ORDER =
      (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
          int c = a.get(i).compareTo(b.get(i));
          if (c != 0) {
            return c;
          }
        }
        return Integer.compare(a.size(), b.size());
      };

  private LabelValues() {}

  static List<String> of(String family, List<String> labelNames, String... values) {
    if (values.length != labelNames.size()) {
      throw new IllegalArgumentException(
          family + " takes labels " + labelNames + ", got " + Arrays.toString(values));
    }
    for (String value : values) {
      if (value == null) {
        throw new IllegalArgumentException(family + ": a label value is null");
      }
    }
    return List.of(values);
  }
}
