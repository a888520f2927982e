package dev.lakehouse.jobs.reliability;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One start of {@code lakehouse run} and what was seen around it: the batches Delta had committed
 * before and after it, the checkpoint after it, and either its exit code or where it was killed.
 */
record Attempt(
    int number,
    String kind,
    long committedBefore,
    long committedAfter,
    Integer checkpointAfter,
    Integer exitCode,
    String killedAt,
    Long killedAfterMillis,
    Path stdout,
    Path stderr) {

  boolean killed() {
    return killedAt != null;
  }

  List<String> lines() {
    return RunOutput.lines(stdout);
  }

  /** The batches (1-based) this process printed as committed. */
  List<Integer> committedBatches() {
    return RunOutput.committedBatches(lines());
  }

  Optional<String> plannedLine() {
    return RunOutput.plannedLine(lines());
  }

  String summary() {
    return String.format(
        "attempt %d %-15s Delta batches before %2d, after %2d, checkpoint after %s, %s, printed"
            + " batches %s",
        number,
        kind,
        committedBefore,
        committedAfter,
        checkpointAfter,
        exitCode == null ? "killed " + killedAt : "exit " + exitCode,
        committedBatches());
  }
}
