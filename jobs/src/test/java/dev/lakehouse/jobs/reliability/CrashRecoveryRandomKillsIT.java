package dev.lakehouse.jobs.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills {@code lakehouse run} with SIGKILL at random moments, restarting it after each kill, then
 * lets it finish and checks with {@link ExactlyOnceChecks}: no row lost or duplicated by source id,
 * the checkpoint's counters equal the table's, no restart re-read a committed batch.
 *
 * <p>Each moment is drawn uniformly from a window sized from the pace seen so far (see {@link
 * RunPace#windowMillis}), so kills land in JVM and Spark start, planning, and anywhere in and
 * between batches, and every kill still finds batches to interrupt. The smoke size makes 3 kills;
 * {@code -Dlakehouse.bench.size=full} makes 20 over 200 files. The seed is printed and taken from
 * {@code -Dlakehouse.kills.seed}; the report goes to target/bench/random-kills.md.
 */
class CrashRecoveryRandomKillsIT {
  static final String SIZE = System.getProperty("lakehouse.bench.size", "smoke");
  static final boolean FULL = SIZE.equals("full");
  static final int KILLS = FULL ? 20 : 3;
  static final int FILES = FULL ? 200 : 50;
  static final int BATCH_SIZE = 5;

  /** A few batches on a home of their own: the pace of a start and a batch on this machine. */
  static final int CALIBRATION_FILES = 3 * BATCH_SIZE;

  @TempDir Path temp;

  @Test
  void randomlyKilledRunsResumeWithEveryRowExactlyOnce() throws Exception {
    long seed = Long.getLong("lakehouse.kills.seed", System.currentTimeMillis());
    System.out.println(
        "[CrashRecoveryRandomKillsIT] seed " + seed + " (-Dlakehouse.kills.seed=" + seed + ")");
    Random random = new Random(seed);
    SparkSession spark = CrashScenario.startSpark(temp);
    RunPace pace = calibrate(spark);
    CrashScenario scenario = CrashScenario.create(temp.resolve("kills"), FILES, BATCH_SIZE, spark);
    RandomKillsReport report =
        new RandomKillsReport(FULL ? "full" : "smoke", seed, scenario, KILLS);
    report.calibrated(pace, CALIBRATION_FILES);
    Attempts attempts = new Attempts(scenario);
    long started = System.nanoTime();
    try {
      while (report.kills() < KILLS && !scenario.finished()) {
        long remaining = scenario.batches - scenario.committedInDelta();
        long window = pace.windowMillis(remaining, KILLS - report.kills());
        var point = new RandomKillPoint(window, (long) (random.nextDouble() * window), pace);
        Attempt attempt = attempts.run("random", point);
        if (attempt.killed()) {
          report.killed(attempt, point);
        } else {
          assertThat(attempt.exitCode()).as("exit code of %s", attempt.summary()).isZero();
        }
      }
      attempts.runToCompletion();
      report.finished(attempts.all(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));

      // The windows come from a measured pace; when batches get faster than measured, a smoke run
      // of 10 batches can finish before its last kill. The full size has room for all 20.
      assertThat(report.kills())
          .as("kills before the run finished (too few batches for the kills?)")
          .isBetween(FULL ? KILLS : 1, KILLS);
      ExactlyOnceChecks.assertRestartsNeverReadCommittedBatches(scenario, attempts.all());
      ExactlyOnceChecks.assertTableHoldsEverySourceRowOnce(scenario);
      ExactlyOnceChecks.assertFinalCheckpoint(scenario);
    } catch (AssertionError | RuntimeException e) {
      attempts.dump();
      throw e;
    } finally {
      MarkdownTable.write("random-kills.md", report.render());
    }
  }

  private RunPace calibrate(SparkSession spark) throws Exception {
    CrashScenario calibration =
        CrashScenario.create(temp.resolve("calibration"), CALIBRATION_FILES, BATCH_SIZE, spark);
    RunPace pace = new RunPace();
    Attempt run = new Attempts(calibration).run("calibration", pace.measuring());
    assertThat(run.exitCode()).as("exit code of %s", run.summary()).isZero();
    assertThat(pace.measured()).as("plan and batch lines in %s", run.stdout()).isTrue();
    return pace;
  }
}
