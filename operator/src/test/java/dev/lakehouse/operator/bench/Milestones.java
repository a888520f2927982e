package dev.lakehouse.operator.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Polls the cluster until every check has nothing behind, and notes when each check first had
 * nothing behind. Polling every 250 ms bounds the error of each time; the test's LISTs carry their
 * own User-Agent and are not counted as the operator's.
 */
final class Milestones {
  static final String ALL = "all";
  private static final long POLL_MILLIS = 250;

  private Milestones() {}

  /** The time from {@code startNanos} each check, and then all at once, was first met. */
  static <V> Map<String, Duration> await(
      long startNanos,
      Duration limit,
      Supplier<V> read,
      Map<String, Function<V, List<String>>> checks)
      throws InterruptedException {
    Map<String, Duration> reached = new LinkedHashMap<>();
    while (true) {
      V view = read.get();
      Duration now = Duration.ofNanos(System.nanoTime() - startNanos);
      boolean all = true;
      StringBuilder behind = new StringBuilder();
      for (var check : checks.entrySet()) {
        List<String> missing = check.getValue().apply(view);
        if (missing.isEmpty()) {
          reached.putIfAbsent(check.getKey(), now);
        } else {
          all = false;
          behind
              .append("\n  ")
              .append(check.getKey())
              .append(": ")
              .append(missing.size())
              .append(" behind, e.g. ")
              .append(missing.subList(0, Math.min(5, missing.size())));
        }
      }
      if (all) {
        reached.put(ALL, now);
        return reached;
      }
      if (now.compareTo(limit) > 0) {
        throw new AssertionError("not reconciled after " + limit + ":" + behind);
      }
      Thread.sleep(POLL_MILLIS);
    }
  }
}
