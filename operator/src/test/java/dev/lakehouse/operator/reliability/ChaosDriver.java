package dev.lakehouse.operator.reliability;

import dev.lakehouse.api.run.IngestionRun;
import dev.lakehouse.api.run.RunPhase;
import dev.lakehouse.operator.testing.RunPods;
import dev.lakehouse.operator.testing.TestCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Steps the simulated job pods of all runs in a random order while the operator reacts, and
 * restarts the operator at randomly chosen pod steps, one of three ways: a stop at that step; a
 * crash right after one of its next 1 to 4 writes about runs landed; while a run waits to retry, a
 * crash right after its next status write that starts an attempt, before that attempt's Job exists.
 * A crashed operator makes no request after that write. While no operator runs, the pods go on for
 * a few steps, as they do in a cluster.
 */
final class ChaosDriver {
  /** One restart: where it happened and what the runs were doing then. */
  record Restart(int number, int step, String kind, String point, String runs) {}

  private static final Duration CRASH_PATIENCE = Duration.ofSeconds(5);

  private final RestartableOperator operator;
  private final List<SimulatedJobPods> runs;
  private final RunPods pods;
  private final KubernetesClient client;
  private final String namespace;
  private final Random random;
  private final List<Restart> restarts = new ArrayList<>();
  private int step;
  private String lastStep = "none";
  private Instant crashArmedAt;
  private int restartsLeft;
  private int nextRestart;
  private String crashKind;

  ChaosDriver(
      RestartableOperator operator,
      List<SimulatedJobPods> runs,
      TestCluster cluster,
      Random random) {
    this.operator = operator;
    this.runs = runs;
    this.pods = new RunPods(cluster);
    this.client = cluster.client();
    this.namespace = cluster.namespace();
    this.random = random;
  }

  /**
   * Drives every pod to its end with {@code planned} restarts on the way, spread at random over the
   * steps left; returns false when the pods could not go on within {@code timeout} (the operator
   * created no Job to go on with).
   */
  boolean drive(int planned, Duration timeout) throws InterruptedException {
    restartsLeft = planned;
    scheduleNextRestart();
    Instant deadline = Instant.now().plus(timeout);
    while (runs.stream().anyMatch(r -> !r.done())) {
      if (Instant.now().isAfter(deadline)) {
        return false;
      }
      if (crashArmedAt != null) {
        settleCrash(false);
      } else if (restartsLeft > 0 && step >= nextRestart) {
        restartsLeft--;
        restartOrArmCrash();
      }
      if (!stepSomePod()) {
        Thread.sleep(50);
        continue;
      }
      // Slower while a crash waits for its write, so that few steps pass before it.
      Thread.sleep(crashArmedAt == null ? random.nextInt(40) : 100);
    }
    while (crashArmedAt != null) {
      settleCrash(true);
      Thread.sleep(50);
    }
    // Restarts the pods did not leave steps for: stops while the operator finishes the runs.
    for (; restartsLeft > 0; restartsLeft--) {
      restart("stop", "after the last pod step (" + lastStep + "), as the runs finish");
    }
    return true;
  }

  /**
   * The next restart comes after a random number of steps, on average an even share of those left.
   */
  private void scheduleNextRestart() {
    int stepsLeft = runs.stream().mapToInt(SimulatedJobPods::stepsLeft).sum();
    nextRestart = step + 1 + random.nextInt(Math.max(1, 2 * stepsLeft / (restartsLeft + 1)));
  }

  /** A crash at an attempt start is only tried while a run waits to retry: one starts soon. */
  private void restartOrArmCrash() {
    boolean retrying =
        client.resources(IngestionRun.class).inNamespace(namespace).list().getItems().stream()
            .anyMatch(r -> r.getStatus() != null && r.getStatus().phase == RunPhase.Retrying);
    switch (random.nextInt(retrying ? 3 : 2)) {
      case 0 -> restart("stop", "at pod step " + step + " (after " + lastStep + ")");
      case 1 -> armCrash("crash", 1 + random.nextInt(4), CrashSwitch.Writes.ABOUT_RUNS);
      default -> armCrash("crash at attempt start", 1, CrashSwitch.Writes.ATTEMPT_STARTS);
    }
  }

  private void armCrash(String name, int writes, CrashSwitch.Writes kind) {
    operator.crashSwitch().armAfterWrites(writes, kind);
    crashKind = name;
    crashArmedAt = Instant.now();
  }

  /** A crash happens once its write landed; an operator that does not write it is stopped. */
  private void settleCrash(boolean podsDone) {
    CrashSwitch crash = operator.crashSwitch();
    if (crash.tripped()) {
      crashArmedAt = null;
      String job = crash.jobOfTrippingWrite();
      restart(
          crashKind,
          "right after "
              + crash.trippedBy()
              + " landed (pod step "
              + step
              + ")"
              + (job == null ? "" : jobState(job)));
    } else if (Instant.now().isAfter(crashArmedAt.plus(CRASH_PATIENCE))) {
      crashArmedAt = null;
      restart(
          "stop",
          "at pod step "
              + step
              + (podsDone ? ", pods done" : "")
              + " (a crash was armed, but the operator made no such write)");
    }
  }

  /** Whether the Job the run's status names existed when the operator died. */
  private String jobState(String job) {
    boolean exists = client.batch().v1().jobs().inNamespace(namespace).withName(job).get() != null;
    return "; Job " + job + (exists ? " existed" : " not created yet");
  }

  private boolean stepSomePod() {
    List<SimulatedJobPods> ready = runs.stream().filter(r -> r.canStep(client, namespace)).toList();
    if (ready.isEmpty()) {
      return false;
    }
    lastStep = ready.get(random.nextInt(ready.size())).step(pods);
    step++;
    return true;
  }

  private void restart(String kind, String point) {
    String then = phases();
    operator.stop();
    // The pods do not wait for the operator.
    int whileDown = random.nextInt(4);
    for (int i = 0; i < whileDown; i++) {
      stepSomePod();
    }
    operator.start();
    scheduleNextRestart();
    restarts.add(
        new Restart(
            restarts.size() + 1,
            step,
            kind,
            point + (whileDown == 0 ? "" : "; " + whileDown + " pod steps while down"),
            then));
  }

  /** The runs' phases, e.g. "Running 3, Retrying 1, Succeeded 2". */
  private String phases() {
    Map<String, Long> byPhase =
        client.resources(IngestionRun.class).inNamespace(namespace).list().getItems().stream()
            .map(r -> r.getStatus() == null ? "new" : Objects.toString(r.getStatus().phase, "new"))
            .collect(Collectors.groupingBy(p -> p, TreeMap::new, Collectors.counting()));
    return byPhase.entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  List<Restart> restarts() {
    return List.copyOf(restarts);
  }

  int steps() {
    return step;
  }
}
