package dev.lakehouse.operator.reliability;

import java.util.HashMap;
import java.util.Map;

/**
 * The highest attempt each run's status was written with, across operator instances, so the one
 * write that starts an attempt can be told from later writes that repeat its number.
 */
final class AttemptLedger {
  private final Map<String, Integer> highest = new HashMap<>();

  /** Records a status write that landed; true when it started a new attempt. */
  synchronized boolean record(String run, int attempts) {
    Integer before = highest.get(run);
    if (before != null && attempts <= before) {
      return false;
    }
    highest.put(run, attempts);
    return true;
  }
}
