package dev.lakehouse.operator.reliability;

import dev.lakehouse.api.run.Checkpoint;
import dev.lakehouse.checkpoint.KubernetesCheckpointStore;
import dev.lakehouse.operator.run.RunNames;
import dev.lakehouse.operator.testing.JobPodCheckpoints;
import dev.lakehouse.operator.testing.RunPods;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;

/**
 * Plays the job pods of one IngestionRun, one step at a time, as the real ones behave: once the
 * operator created the attempt's Job, its pod starts and reads the run's checkpoint, commits its
 * batches one by one through the jobs module's real checkpoint store (a merge patch of
 * status.checkpoint), then ends as the scenario says.
 */
final class SimulatedJobPods {
  final String run;
  final RunScenario scenario;
  final int batchesTotal;
  private final List<RunScenario.Attempt> attempts;
  private final KubernetesCheckpointStore store;
  private final List<String> resumeMismatches = new ArrayList<>();
  private int attempt = 1;
  private boolean podStarted;
  private int committedThisAttempt;
  private int committed;
  private Checkpoint lastWritten;

  SimulatedJobPods(
      String run,
      RunScenario scenario,
      int batchesTotal,
      List<RunScenario.Attempt> attempts,
      KubernetesCheckpointStore store) {
    this.run = run;
    this.scenario = scenario;
    this.batchesTotal = batchesTotal;
    this.attempts = attempts;
    this.store = store;
  }

  boolean done() {
    return attempt > attempts.size();
  }

  /** Steps left: a start, the batches and an end per attempt not yet over. */
  int stepsLeft() {
    int steps = 0;
    for (int a = attempt; a <= attempts.size(); a++) {
      steps += 2 + attempts.get(a - 1).batches();
    }
    return done() ? 0 : steps - (podStarted ? 1 + committedThisAttempt : 0);
  }

  /** Whether a step can be taken now: a pod can only start once the operator made its Job. */
  boolean canStep(KubernetesClient client, String namespace) {
    return !done()
        && (podStarted
            || client.batch().v1().jobs().inNamespace(namespace).withName(job()).get() != null);
  }

  /** Takes the next step; returns what it did, for the report. */
  String step(RunPods pods) {
    RunScenario.Attempt plan = attempts.get(attempt - 1);
    if (!podStarted) {
      pods.start(job());
      podStarted = true;
      // A new pod resumes from the checkpoint in the run's status: it must be the last one written.
      int stored = store.load().map(c -> c.batchesCommitted).orElse(0);
      if (stored != committed) {
        resumeMismatches.add(
            "attempt " + attempt + " found " + stored + " batches committed, not " + committed);
      }
      return "start " + job();
    }
    if (committedThisAttempt < plan.batches()) {
      committed++;
      committedThisAttempt++;
      lastWritten = JobPodCheckpoints.after(committed, batchesTotal, 0);
      store.save(lastWritten);
      return "commit " + run + " " + committed + "/" + batchesTotal;
    }
    String ended = job();
    switch (plan.ending()) {
      case SUCCEEDS -> pods.succeed(ended);
      case EVICTED -> pods.evict(ended);
      case REJECTS_DATA ->
          pods.exit(
              ended,
              11,
              "batch "
                  + (committed + 1)
                  + " rejected 41% of its rows, over maxRejectedFraction 0.01");
    }
    attempt++;
    podStarted = false;
    committedThisAttempt = 0;
    return "end " + ended + " " + plan.ending();
  }

  String job() {
    return new RunNames(run).job(Math.min(attempt, attempts.size()));
  }

  /** The checkpoint the pods wrote last, or null when they committed nothing. */
  Checkpoint lastWritten() {
    return lastWritten;
  }

  List<String> resumeMismatches() {
    return List.copyOf(resumeMismatches);
  }
}
