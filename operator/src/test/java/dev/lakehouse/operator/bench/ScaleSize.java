package dev.lakehouse.operator.bench;

import java.time.Duration;

/**
 * How big the scale benchmark is. CI runs the small default; {@code -Dlakehouse.bench.size=full} is
 * the size the project's issue asks about, and each number can be overridden on its own.
 */
record ScaleSize(String name, int namespaces, int datasets, int runs, Duration window) {
  static final String PREFIX = "lakehouse.bench.";

  ScaleSize {
    if (namespaces < 1 || datasets % namespaces != 0 || runs % namespaces != 0) {
      throw new IllegalArgumentException(
          "Datasets and runs must divide evenly over the namespaces: "
              + datasets
              + " and "
              + runs
              + " over "
              + namespaces);
    }
    // One run per Dataset at most: a second one would wait for the first by design.
    if (runs > datasets) {
      throw new IllegalArgumentException("at most one run per Dataset: " + runs + " > " + datasets);
    }
  }

  static ScaleSize fromSystemProperties() {
    String name = System.getProperty(PREFIX + "size", "smoke");
    ScaleSize base =
        switch (name) {
          case "smoke" -> new ScaleSize(name, 2, 20, 20, Duration.ofSeconds(10));
          case "full" -> new ScaleSize(name, 10, 500, 500, Duration.ofSeconds(60));
          default ->
              throw new IllegalArgumentException(PREFIX + "size is smoke or full, not " + name);
        };
    return new ScaleSize(
        name,
        integer("namespaces", base.namespaces),
        integer("datasets", base.datasets),
        integer("runs", base.runs),
        Duration.ofSeconds(integer("window", (int) base.window.toSeconds())));
  }

  int datasetsPerNamespace() {
    return datasets / namespaces;
  }

  int runsPerNamespace() {
    return runs / namespaces;
  }

  @Override
  public String toString() {
    return name
        + ": "
        + namespaces
        + " namespaces, "
        + datasets
        + " Datasets, "
        + runs
        + " IngestionRuns, "
        + window.toSeconds()
        + " s steady-state windows";
  }

  private static int integer(String key, int fallback) {
    String value = System.getProperty(PREFIX + key);
    return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
  }
}
