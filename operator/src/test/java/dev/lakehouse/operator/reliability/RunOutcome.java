package dev.lakehouse.operator.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.api.run.Checkpoint;
import dev.lakehouse.api.run.IngestionRun;
import dev.lakehouse.api.run.IngestionRunStatus;
import dev.lakehouse.api.run.RunPhase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How one run ended against how its pods say it must have: phase, attempts and failures; one Job
 * created per attempt and none for an attempt that should not exist; the checkpoint in status the
 * one the pods wrote last, never lower on the way.
 */
record RunOutcome(
    SimulatedJobPods pods,
    RunPhase phase,
    int attempts,
    int infrastructureFailures,
    int applicationFailures,
    SortedMap<Integer, Integer> jobPostsPerAttempt,
    Integer checkpointCommitted,
    boolean checkpointIsLastWritten,
    List<String> regressions,
    int conflictsInjected) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static RunOutcome of(
      SimulatedJobPods pods,
      IngestionRun run,
      Map<Integer, Integer> jobPosts,
      List<String> regressions,
      int conflictsInjected) {
    IngestionRunStatus status =
        run == null || run.getStatus() == null ? new IngestionRunStatus() : run.getStatus();
    Checkpoint stored = status.checkpoint;
    return new RunOutcome(
        pods,
        status.phase,
        orZero(status.attempts),
        orZero(status.infrastructureFailures),
        orZero(status.applicationFailures),
        new TreeMap<>(jobPosts),
        stored == null ? null : stored.batchesCommitted,
        Objects.equals(tree(stored), tree(pods.lastWritten())),
        regressions,
        conflictsInjected);
  }

  /** What is wrong with this run; empty when it ended right. */
  List<String> problems() {
    RunScenario expected = pods.scenario;
    List<String> problems = new ArrayList<>();
    if (phase != expected.phase || attempts != expected.attempts) {
      problems.add(
          "ended "
              + phase
              + " after "
              + attempts
              + " attempts, expected "
              + expected.phase
              + " after "
              + expected.attempts);
    }
    if (infrastructureFailures != expected.infrastructureFailures
        || applicationFailures != expected.applicationFailures) {
      problems.add(
          "counted "
              + infrastructureFailures
              + " infrastructure and "
              + applicationFailures
              + " application failures, expected "
              + expected.infrastructureFailures
              + " and "
              + expected.applicationFailures);
    }
    SortedMap<Integer, Integer> onePerAttempt = new TreeMap<>();
    for (int a = 1; a <= expected.attempts; a++) {
      onePerAttempt.put(a, 1);
    }
    if (!jobPostsPerAttempt.equals(onePerAttempt)) {
      problems.add(
          "Job creations per attempt " + jobPostsPerAttempt + ", expected " + onePerAttempt);
    }
    if (!checkpointIsLastWritten) {
      problems.add(
          "status.checkpoint has "
              + checkpointCommitted
              + " batches committed, not the checkpoint the pods wrote last");
    }
    problems.addAll(regressions);
    problems.addAll(pods.resumeMismatches());
    return problems;
  }

  private static JsonNode tree(Checkpoint checkpoint) {
    return checkpoint == null ? null : JSON.valueToTree(checkpoint);
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
