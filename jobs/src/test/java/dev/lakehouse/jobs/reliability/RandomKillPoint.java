package dev.lakehouse.jobs.reliability;

import java.util.List;
import java.util.regex.Matcher;

/**
 * A kill {@code delayMillis} after the child started, wherever the child is then. It notes what the
 * child had shown at that moment (Spark folder, plan line, commit lines); with what Delta and the
 * checkpoint held after the kill, that says where the kill landed.
 */
final class RandomKillPoint implements KillPoint {
  /** Where a kill landed. */
  enum Landing {
    /** No Spark folder yet: the JVM, the manifests and the checkpoint, Spark's start. */
    STARTING("JVM and Spark start"),
    /** Spark up, plan line not printed: listing and planning, or reading the plan back. */
    PLANNING("planning"),
    /** A batch in flight, not in Delta yet. */
    MID_BATCH("mid-batch"),
    /** The batch is in Delta, the checkpoint does not say so yet: only Delta knows. */
    DELTA_BEFORE_CHECKPOINT("between a Delta commit and its checkpoint"),
    /** The batch is in Delta and the checkpoint, its line not printed: between two batches. */
    CHECKPOINT_BEFORE_LINE("between a checkpoint and the next batch");

    final String label;

    Landing(String label) {
      this.label = label;
    }
  }

  final long windowMillis;
  final long delayMillis;
  private final RunPace pace;
  private boolean sparkStarted;
  private boolean planned;
  private boolean firstOfStart;

  /** The batch in flight (1-based) as the printed lines had it. */
  private int batch;

  /** Since the plan line or the previous batch's commit line. */
  private long intoBatchMillis;

  RandomKillPoint(long windowMillis, long delayMillis, RunPace pace) {
    this.windowMillis = windowMillis;
    this.delayMillis = delayMillis;
    this.pace = pace;
  }

  @Override
  public String killIfReached(ChildRun child) throws Exception {
    try {
      if (!child.aliveAt(delayMillis)) {
        return null;
      }
      note(child);
      child.kill();
      return "at random, " + delayMillis + " ms after the start";
    } finally {
      pace.observe(child);
    }
  }

  private void note(ChildRun child) {
    List<String> lines = child.lines();
    long now = child.millis();
    sparkStarted = child.sparkStarted();
    int lastLine = -1;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (RunOutput.isPlanned(line)) {
        lastLine = i;
        planned = true;
        firstOfStart = true;
        Matcher resuming = RunOutput.RESUMING.matcher(line);
        batch = resuming.find() ? Integer.parseInt(resuming.group(1)) : 1;
      } else if (RunOutput.committedBatch(line) > 0) {
        lastLine = i;
        firstOfStart = false;
        batch = RunOutput.committedBatch(line) + 1;
      }
    }
    intoBatchMillis = lastLine < 0 ? 0 : now - child.seenAt(lastLine);
  }

  /** The batch in flight had reached Delta, or Delta and the checkpoint, when the kill came. */
  Landing landing(Attempt after) {
    if (!planned) {
      return sparkStarted ? Landing.PLANNING : Landing.STARTING;
    }
    int checkpoint = after.checkpointAfter() == null ? 0 : after.checkpointAfter();
    if (after.committedAfter() < batch) {
      return Landing.MID_BATCH;
    }
    return checkpoint < after.committedAfter()
        ? Landing.DELTA_BEFORE_CHECKPOINT
        : Landing.CHECKPOINT_BEFORE_LINE;
  }

  String describe(Attempt after) {
    Landing landing = landing(after);
    String since =
        String.format(
            "%.1f s after %s (%.0f%% of a batch)",
            intoBatchMillis / 1e3,
            firstOfStart ? "the plan line" : "batch " + (batch - 1) + " committed",
            100.0 * intoBatchMillis / Math.max(1, pace.batchMillis()));
    String text =
        switch (landing) {
          case STARTING -> "JVM and Spark start (no Spark folder yet)";
          case PLANNING -> "planning (Spark up, no plan line yet)";
          case MID_BATCH ->
              "mid-batch: batch " + batch + (firstOfStart ? ", the start's first, " : ", ") + since;
          case DELTA_BEFORE_CHECKPOINT ->
              "batch " + after.committedAfter() + " in Delta, not yet in the checkpoint: " + since;
          case CHECKPOINT_BEFORE_LINE ->
              "batch "
                  + after.committedAfter()
                  + " in Delta and the checkpoint, its line not yet printed: "
                  + since;
        };
    boolean behindBefore =
        after.committedAfter() == after.committedBefore()
            && (after.checkpointAfter() == null ? 0 : after.checkpointAfter())
                < after.committedAfter();
    return behindBefore ? text + "; the checkpoint still behind Delta from an earlier kill" : text;
  }
}
