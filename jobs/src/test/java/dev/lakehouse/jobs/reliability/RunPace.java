package dev.lakehouse.jobs.reliability;

import java.util.ArrayList;
import java.util.List;

/**
 * How long a start of the command takes to print its plan line, and a batch takes, as seen in the
 * children's output so far; it sizes the window a random kill is drawn from.
 */
final class RunPace {
  private final List<Long> planLineMillis = new ArrayList<>();
  private final List<Long> batchMillis = new ArrayList<>();

  /** Notes the plan line's and each commit line's time in a child's output. */
  void observe(ChildRun child) {
    List<String> lines = child.lines();
    Long previous = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (RunOutput.isPlanned(line)) {
        previous = child.seenAt(i);
        planLineMillis.add(previous);
      } else if (RunOutput.committedBatch(line) > 0 && previous != null) {
        batchMillis.add(child.seenAt(i) - previous);
        previous = child.seenAt(i);
      }
    }
  }

  /** Never kills: watches the child's output until it exits and notes its pace. */
  KillPoint measuring() {
    return child -> {
      child.await(
          () -> {
            child.lines();
            return false;
          });
      observe(child);
      return null;
    };
  }

  boolean measured() {
    return !planLineMillis.isEmpty() && !batchMillis.isEmpty();
  }

  /**
   * The shortest start seen: a restart reads its plan back instead of planning, so the first start
   * is the slow one; a window sized by the shortest ends before a fast restart could finish.
   */
  long startMillis() {
    return planLineMillis.stream().mapToLong(Long::longValue).min().orElseThrow();
  }

  long batchMillis() {
    return Math.round(batchMillis.stream().mapToLong(Long::longValue).average().orElseThrow());
  }

  /**
   * The window a kill moment is drawn from, uniformly: the start plus {@code g} batches, with
   * {@code g} chosen so that a kill lets {@code remaining / (killsLeft + 2)} batches commit on
   * average (the mean of max(0, t - start) / batch for t uniform in the window), which leaves
   * batches for every kill still to come and for the final run. It never reaches the last batch's
   * expected commit, so the run does not finish before its kills are done.
   */
  long windowMillis(long remaining, int killsLeft) {
    double start = startMillis();
    double batch = batchMillis();
    double perKill = (double) remaining / (killsLeft + 2);
    double g = perKill + Math.sqrt(perKill * perKill + 2 * perKill * start / batch);
    g = Math.max(0.5, Math.min(g, remaining - 0.5));
    return Math.round(start + g * batch);
  }
}
