package dev.lakehouse.jobs.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the {@code lakehouse run} command with SIGKILL at scripted points while it ingests Raygun
 * files (while it plans, right after it planned, between two batches, in the middle of a batch,
 * between a Delta commit and its checkpoint), restarts the same command until it succeeds, and
 * checks the engine's promise (README, "The ingestion engine") with {@link ExactlyOnceChecks}. The
 * random moments are {@link CrashRecoveryRandomKillsIT}'s.
 */
class CrashRecoveryIT {
  static final int FILES = 60;
  static final int BATCH_SIZE = 6;
  static final int BATCHES = FILES / BATCH_SIZE;

  /** Where and when a child process is killed. */
  enum Kill {
    /** Once Spark is up, after a random delay, before the plan is written (or the moment it is). */
    DURING_PLANNING,
    /** When the plan line is printed: planned and checkpointed, first batch not yet committed. */
    AFTER_PLAN,
    /** The moment the checkpoint file shows two more committed batches than at start. */
    BETWEEN_BATCHES,
    /** A random part of a batch's duration after "batch k committed" is printed. */
    MID_BATCH,
    /**
     * The moment Delta's log holds the next commit: usually before the checkpoint file says so, the
     * window in which only Delta knows the batch is in.
     */
    AFTER_DELTA_COMMIT
  }

  @TempDir Path temp;

  CrashScenario scenario;
  final Random random = new Random(CrashScenario.SEED);

  @Test
  void sigkilledRunsResumeWithEveryRowExactlyOnce() throws Exception {
    SparkSession spark = CrashScenario.startSpark(temp);
    scenario = CrashScenario.create(temp, FILES, BATCH_SIZE, spark);
    Attempts attempts = new Attempts(scenario);
    try {
      List<Kill> script =
          List.of(
              Kill.DURING_PLANNING,
              Kill.AFTER_PLAN,
              Kill.BETWEEN_BATCHES,
              Kill.MID_BATCH,
              Kill.AFTER_DELTA_COMMIT,
              Kill.BETWEEN_BATCHES,
              Kill.MID_BATCH);
      for (Kill kill : script) {
        Attempt attempt = attempts.run(kill.name(), killPoint(kill));
        if (!attempt.killed()) {
          assertThat(attempt.exitCode()).as("exit code of %s", attempt.summary()).isZero();
          break;
        }
      }
      attempts.runToCompletion();

      attempts.all().forEach(a -> System.out.println("[CrashRecoveryIT] " + a.summary()));
      assertKillsLandedWhereIntended(attempts.all());
      ExactlyOnceChecks.assertRestartsNeverReadCommittedBatches(scenario, attempts.all());
      ExactlyOnceChecks.assertTableHoldsEverySourceRowOnce(scenario);
      ExactlyOnceChecks.assertFinalCheckpoint(scenario);
    } catch (AssertionError | RuntimeException e) {
      attempts.dump();
      throw e;
    }
  }

  // --- the kill points

  private KillPoint killPoint(Kill kill) {
    long before = scenario.committedInDelta();
    return switch (kill) {
      case DURING_PLANNING -> this::killDuringPlanning;
      case AFTER_PLAN ->
          child ->
              killWhen(
                  child,
                  () -> child.lines().stream().anyMatch(RunOutput::isPlanned),
                  "after the plan line");
      case BETWEEN_BATCHES -> {
        long target = Math.min(BATCHES, before + 2);
        yield child ->
            killWhen(
                child,
                () -> scenario.checkpointCommitted().orElse(0) >= target,
                "when the checkpoint showed " + target + " batches");
      }
      case MID_BATCH -> this::killMidBatch;
      case AFTER_DELTA_COMMIT -> child -> killAfterDeltaCommit(child, before);
    };
  }

  /**
   * Waits for Spark's block manager folder (the session is up and planning starts), then a random
   * delay; kills then, or at once when the plan object appears before the delay is over.
   */
  private String killDuringPlanning(ChildRun child) throws Exception {
    if (!child.await(child::sparkStarted)) {
      return null;
    }
    long delay = 200 + random.nextInt(2500);
    long until = child.millis() + delay;
    Path plan = scenario.planObject();
    boolean reached = child.await(() -> Files.exists(plan) || child.millis() >= until, 2);
    if (!reached) {
      return null;
    }
    String where =
        Files.exists(plan)
            ? "the moment the plan object appeared (" + Files.size(plan) + " bytes)"
            : delay + " ms after Spark started, before the plan was written";
    child.kill();
    return "during planning, " + where;
  }

  private String killMidBatch(ChildRun child) throws Exception {
    List<Double> seconds = new ArrayList<>();
    boolean seen =
        child.await(
            () -> {
              for (String line : child.lines()) {
                var m = RunOutput.COMMITTED.matcher(line);
                if (m.matches()) {
                  seconds.add(Double.parseDouble(m.group(3)));
                  return true;
                }
              }
              return false;
            });
    if (!seen) {
      return null;
    }
    double fraction = 0.1 + 0.8 * random.nextDouble();
    long delay = (long) (Math.max(0.2, seconds.get(0)) * 1000 * fraction);
    if (!child.aliveAt(child.millis() + delay)) {
      return null;
    }
    child.kill();
    return String.format(
        "mid-batch, %d ms (%.0f%% of the previous batch) after a batch committed",
        delay, fraction * 100);
  }

  /** Polls Delta's log every millisecond: the window before the checkpoint is short. */
  private String killAfterDeltaCommit(ChildRun child, long committedBefore) throws Exception {
    Path next = scenario.deltaLogEntry(committedBefore);
    if (!child.await(() -> Files.exists(next), 1)) {
      return null;
    }
    child.kill();
    return "right after Delta committed version " + committedBefore;
  }

  private static String killWhen(ChildRun child, BooleanSupplier condition, String where)
      throws Exception {
    if (!child.await(condition)) {
      return null;
    }
    child.kill();
    return where;
  }

  /** The scenario exercised what it claims: kills before, between and inside batches. */
  private static void assertKillsLandedWhereIntended(List<Attempt> attempts) {
    List<Attempt> killed = attempts.stream().filter(Attempt::killed).toList();
    assertThat(killed).as("killed attempts").hasSizeGreaterThanOrEqualTo(4);
    assertThat(killed)
        .as("kills before the first commit")
        .anySatisfy(a -> assertThat(a.committedAfter()).isZero());
    assertThat(killed)
        .as("kills after some batches and before the last")
        .anySatisfy(a -> assertThat(a.committedAfter()).isBetween(1L, (long) BATCHES - 1));
  }
}
