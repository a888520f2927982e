package dev.lakehouse.jobs.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.jobs.engine.DeltaCommits;
import java.util.ArrayList;
import java.util.List;

/** Starts the scenario's command again and again, each start killed at its own point or not. */
final class Attempts {
  private final CrashScenario scenario;
  private final List<Attempt> all = new ArrayList<>();

  Attempts(CrashScenario scenario) {
    this.scenario = scenario;
  }

  List<Attempt> all() {
    return List.copyOf(all);
  }

  /** One start of the command, killed at {@code killPoint} unless it exits first. */
  Attempt run(String kind, KillPoint killPoint) throws Exception {
    int number = all.size() + 1;
    long before = scenario.committedInDelta();
    ChildRun child = scenario.start(number);
    String killedAt;
    Long killedAfter = null;
    Integer exitCode = null;
    try {
      killedAt = killPoint.killIfReached(child);
      if (killedAt == null) {
        exitCode = child.waitForExit();
      } else {
        killedAfter = child.millis();
      }
    } finally {
      if (child.isAlive()) {
        child.kill();
      }
    }
    Attempt attempt =
        new Attempt(
            number,
            kind,
            before,
            scenario.committedInDelta(),
            scenario.checkpointCommitted().orElse(null),
            exitCode,
            killedAt,
            killedAfter,
            child.stdout,
            child.stderr);
    all.add(attempt);
    return attempt;
  }

  /**
   * Runs the command uninterrupted until the run finished (a run killed between its last commit and
   * the checkpoint needs one more start), then once more: a finished run says so and commits
   * nothing.
   */
  void runToCompletion() throws Exception {
    for (int i = 0; i < 3 && !scenario.finished(); i++) {
      Attempt last = run("none", KillPoint.NONE);
      assertThat(last.exitCode()).as("exit code of %s", last.summary()).isZero();
    }
    assertThat(scenario.finished())
        .as(
            "the run finished: Delta has %d of %d batches, the checkpoint says %s",
            scenario.committedInDelta(),
            scenario.batches,
            scenario.checkpointCommitted().map(String::valueOf).orElse("nothing"))
        .isTrue();
    long version = DeltaCommits.version(scenario.spark, scenario.location());
    Attempt again = run("none", KillPoint.NONE);
    assertThat(again.exitCode()).as("exit code of %s", again.summary()).isZero();
    assertThat(again.plannedLine())
        .as("a finished run says so and commits nothing")
        .hasValue(
            "["
                + CrashScenario.RUN
                + "] "
                + CrashScenario.DATASET
                + ": all "
                + scenario.batches
                + " batches already committed");
    assertThat(DeltaCommits.version(scenario.spark, scenario.location())).isEqualTo(version);
  }

  /** Every attempt's output, for a failed scenario. */
  void dump() {
    for (Attempt attempt : all) {
      System.out.println("==== " + attempt.summary());
      System.out.println("---- stdout " + attempt.stdout());
      attempt.lines().forEach(System.out::println);
      System.out.println("---- stderr " + attempt.stderr() + " (last 60 lines)");
      List<String> err = RunOutput.lines(attempt.stderr());
      err.subList(Math.max(0, err.size() - 60), err.size()).forEach(System.out::println);
    }
    System.out.println(
        "==== Delta txn versions now: "
            + DeltaCommits.committedBatches(scenario.spark, scenario.location()));
  }
}
