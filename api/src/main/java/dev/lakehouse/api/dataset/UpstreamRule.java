package dev.lakehouse.api.dataset;

import java.util.List;
import java.util.function.Predicate;

/**
 * When a Dataset with {@code runAfterUpstream} runs, in the cluster and on a laptop alike: once an
 * upstream Dataset has new data, as soon as no upstream is writing and every upstream table exists.
 * Successes that arrive while it waits are followed by the one run it then makes.
 */
public final class UpstreamRule {
  /** What the Dataset does now. */
  public enum Decision {
    /** No upstream has data this Dataset has not followed. */
    NOTHING_NEW,
    /** An upstream run is still writing: run once it ends, with its data too. */
    WAIT_FOR_WRITERS,
    /** An upstream table does not exist yet: the SQL would fail on it. */
    WAIT_FOR_TABLES,
    FOLLOW
  }

  private UpstreamRule() {}

  /**
   * @param newData whether an upstream Dataset has a successful run not followed yet
   * @param writing whether an upstream Dataset has a run that has not ended
   * @param hasTable whether an upstream Dataset's table exists
   */
  public static Decision decide(
      List<String> upstream,
      Predicate<String> newData,
      Predicate<String> writing,
      Predicate<String> hasTable) {
    if (upstream.stream().noneMatch(newData)) {
      return Decision.NOTHING_NEW;
    }
    if (upstream.stream().anyMatch(writing)) {
      return Decision.WAIT_FOR_WRITERS;
    }
    if (!upstream.stream().allMatch(hasTable)) {
      return Decision.WAIT_FOR_TABLES;
    }
    return Decision.FOLLOW;
  }
}
