package dev.lakehouse.operator.reliability;

import java.util.Random;

/**
 * How large a reliability suite runs: {@code smoke} (the default, small enough for CI) or {@code
 * full} ({@code -Dlakehouse.bench.size=full}); and the seed of its random choices, printed so a
 * failing run can be replayed with {@code -Dlakehouse.bench.seed=...}.
 */
record BenchSize(boolean full, long seed) {
  static BenchSize fromSystemProperties() {
    String size = System.getProperty("lakehouse.bench.size", "smoke").trim();
    if (!size.equals("smoke") && !size.equals("full")) {
      throw new IllegalArgumentException(
          "lakehouse.bench.size must be smoke or full, got \"" + size + "\"");
    }
    String seed = System.getProperty("lakehouse.bench.seed", "").trim();
    return new BenchSize(
        size.equals("full"), seed.isEmpty() ? new Random().nextLong() : Long.parseLong(seed));
  }

  String name() {
    return full ? "full" : "smoke";
  }

  /** {@code smoke} in the smoke size, {@code full} in the full one. */
  int pick(int smoke, int full) {
    return this.full ? full : smoke;
  }
}
