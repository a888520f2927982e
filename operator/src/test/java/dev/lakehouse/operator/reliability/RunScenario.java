package dev.lakehouse.operator.reliability;

import dev.lakehouse.api.run.RunPhase;
import java.util.List;
import java.util.Random;

/**
 * What happens to one IngestionRun's job pods, and so how the run must end. Every run's retry
 * budget is 5 infrastructure failures and 1 application failure.
 */
enum RunScenario {
  /** One pod commits every batch and succeeds. */
  SUCCEEDS(RunPhase.Succeeded, 1, 0, 0),
  /** The first pod is evicted part-way; the second resumes after its batches and succeeds. */
  RETRIES_AFTER_EVICTION(RunPhase.Succeeded, 2, 1, 0),
  /** Both pods exit with code 11 (rejected data): the application budget of 1 is spent. */
  FAILS_ON_BAD_DATA(RunPhase.Failed, 2, 0, 2);

  /** How an attempt's pod ends. */
  enum Ending {
    SUCCEEDS,
    EVICTED,
    REJECTS_DATA
  }

  /** One attempt's pod: the batches it commits, then how it ends. */
  record Attempt(int batches, Ending ending) {}

  final RunPhase phase;
  final int attempts;
  final int infrastructureFailures;
  final int applicationFailures;

  RunScenario(RunPhase phase, int attempts, int infrastructureFailures, int applicationFailures) {
    this.phase = phase;
    this.attempts = attempts;
    this.infrastructureFailures = infrastructureFailures;
    this.applicationFailures = applicationFailures;
  }

  /** The pods' attempts for a run of {@code total} (at least 4) batches. */
  List<Attempt> attemptsOf(int total, Random random) {
    return switch (this) {
      case SUCCEEDS -> List.of(new Attempt(total, Ending.SUCCEEDS));
      case RETRIES_AFTER_EVICTION -> {
        int first = 1 + random.nextInt(total - 1);
        yield List.of(
            new Attempt(first, Ending.EVICTED), new Attempt(total - first, Ending.SUCCEEDS));
      }
      case FAILS_ON_BAD_DATA -> {
        int first = 1 + random.nextInt(total / 2);
        int second = random.nextInt(total - first);
        yield List.of(
            new Attempt(first, Ending.REJECTS_DATA), new Attempt(second, Ending.REJECTS_DATA));
      }
    };
  }
}
