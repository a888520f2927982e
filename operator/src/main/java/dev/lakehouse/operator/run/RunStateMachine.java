package dev.lakehouse.operator.run;

import dev.lakehouse.api.common.ConditionTypes;
import dev.lakehouse.api.common.Conditions;
import dev.lakehouse.api.lakehouse.Lakehouse;
import dev.lakehouse.api.run.Checkpoint;
import dev.lakehouse.api.run.FailureClass;
import dev.lakehouse.api.run.IngestionRun;
import dev.lakehouse.api.run.IngestionRunStatus;
import dev.lakehouse.api.run.RetryBudget;
import dev.lakehouse.api.run.RunPhase;
import dev.lakehouse.operator.k8s.EventReason;
import dev.lakehouse.operator.k8s.Readiness;
import dev.lakehouse.operator.run.RunDecision.Action;
import dev.lakehouse.operator.run.RunDecision.Note;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The life of an IngestionRun as a pure function from (run, what the cluster shows) to the next
 * status and one action:
 *
 * <pre>
 *   Pending --start--> Running --Job succeeded--> Succeeded
 *                        |  \--attempt failed, budget left--> Retrying --back-off over--> Running
 *                        |  \--attempt failed, budget spent--> Failed
 *                        |  \--past the deadline (spec.timeout)--> Failed (Timeout)
 *                        \--Dataset or Lakehouse deleted--> Cancelled
 *   any unfinished --spec.suspend--> Suspended --resume--> Pending
 * </pre>
 *
 * The deadline is set when the first attempt starts (again when a suspended run resumes), and
 * Retrying past it fails the run too.
 *
 * <p>The checkpoint is the pod's: it is copied through untouched, and only mirrored into {@code
 * progress} and the messages.
 */
public final class RunStateMachine {
  static final int MAX_HISTORY = 20;
  static final Duration WAIT_RECHECK = Duration.ofSeconds(15);
  static final Duration RUNNING_RECHECK = Duration.ofSeconds(60);
  static final Duration MAX_BACKOFF = Duration.ofHours(1);
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final Clock clock;

  public RunStateMachine(Clock clock) {
    this.clock = clock;
  }

  public RunDecision next(IngestionRun run, RunObservation seen) {
    return new Step(run, seen).decide();
  }

  /** One decision; collects the status, the action and the events. */
  private final class Step {
    final IngestionRun run;
    final RunObservation seen;
    final IngestionRunStatus status;
    final RunPhase before;
    final Instant now = Instant.now(clock);
    final List<Note> events = new ArrayList<>();
    Action action = Action.NONE;
    Duration requeue;

    Step(IngestionRun run, RunObservation seen) {
      this.run = run;
      this.seen = seen;
      this.status =
          run.getStatus() == null ? new IngestionRunStatus() : JSON.clone(run.getStatus());
      this.before = status.phase;
      status.observedGeneration = run.getMetadata().getGeneration();
      status.progress = status.checkpoint == null ? null : status.checkpoint.progress();
    }

    RunDecision decide() {
      RunPhase phase = Optional.ofNullable(status.phase).orElse(RunPhase.Pending);
      if (!phase.isFinished()) {
        if (suspended() && phase != RunPhase.Suspended) {
          suspend();
        } else {
          switch (phase) {
            case Pending -> pending();
            case Running -> running();
            case Retrying -> retrying();
            case Suspended -> resume();
            default -> throw new IllegalStateException("unexpected phase " + phase);
          }
        }
      }
      if (status.phase == null) {
        moveTo(RunPhase.Pending, "Created", status.message);
      }
      return new RunDecision(status, action, requeue, List.copyOf(events));
    }

    void pending() {
      Optional<String> waitingFor = waitingFor();
      if (waitingFor.isPresent()) {
        String message = "waiting: " + waitingFor.get();
        if (!message.equals(status.message)) {
          events.add(new Note(EventReason.RunWaiting, message));
        }
        if (status.phase == null) {
          moveTo(RunPhase.Pending, "Waiting", message);
        }
        status.message = message;
        requeue = WAIT_RECHECK;
        return;
      }
      startAttempt("Started");
    }

    void running() {
      if (gone().isPresent()) {
        cancel(gone().get());
        return;
      }
      if (status.attempts == null) {
        // Running without an attempt was not written by this operator: start one properly.
        startAttempt("Started");
        return;
      }
      Optional<AttemptFailure> failure =
          FailureClassifier.classify(seen.job().orElse(null), seen.pods(), now);
      if (seen.job().isPresent()
          && Readiness.of(seen.job().get()) == Readiness.JobOutcome.SUCCEEDED) {
        succeed();
      } else if (pastDeadline() || deadlineExceededByTheJobController()) {
        timeOut();
      } else if (failure.isPresent()) {
        fail(failure.get());
      } else {
        if (seen.job().isEmpty()) {
          // Never created (the operator stopped after writing the status) or deleted by hand:
          // the Job's name is fixed per attempt, so creating it again cannot start a second one.
          action = Action.LAUNCH;
        }
        status.message =
            FailureClassifier.waitingNote(seen.pods())
                .orElseGet(() -> "attempt " + status.attempts + ": " + progressText());
        reportScheduling();
        requeue = untilDeadlineAtMost(RUNNING_RECHECK);
      }
    }

    /** The PodScheduled condition from the attempt's pod, with the scheduler's own words. */
    void reportScheduling() {
      Optional<PodCondition> unschedulable = FailureClassifier.unschedulable(seen.pods());
      if (unschedulable.isPresent()) {
        PodCondition c = unschedulable.get();
        String reason = c.getReason() == null ? "Unschedulable" : c.getReason();
        String message = "the pod cannot be scheduled: " + c.getMessage();
        if (!Conditions.find(status.conditions, ConditionTypes.POD_SCHEDULED)
            .map(old -> "False".equals(old.getStatus()) && message.equals(old.getMessage()))
            .orElse(false)) {
          events.add(new Note(EventReason.PodUnschedulable, message));
        }
        status.conditions = condition(ConditionTypes.POD_SCHEDULED, false, reason, message);
      } else if (seen.pods().stream().anyMatch(FailureClassifier::scheduled)) {
        status.conditions =
            condition(ConditionTypes.POD_SCHEDULED, true, "Scheduled", "the pod is on a node");
      }
    }

    void retrying() {
      if (gone().isPresent()) {
        cancel(gone().get());
        return;
      }
      if (pastDeadline()) {
        timeOut();
        return;
      }
      Instant due = status.nextRetryTime == null ? now : Instant.parse(status.nextRetryTime);
      if (now.isBefore(due)) {
        requeue = untilDeadlineAtMost(Duration.between(now, due).plusSeconds(1));
        return;
      }
      startAttempt("Retried");
    }

    void resume() {
      if (suspended()) {
        return;
      }
      events.add(new Note(EventReason.RunResumed, "resumed; continuing after " + progressText()));
      moveTo(RunPhase.Pending, "Resumed", "resumed");
      // The time suspended does not count: the next attempt sets a new deadline.
      status.deadline = null;
      pending();
    }

    void suspend() {
      String message =
          "suspended by spec.suspend after "
              + progressText()
              + "; committed batches stay committed, and a resume continues after them";
      events.add(new Note(EventReason.RunSuspended, message));
      moveTo(RunPhase.Suspended, "Suspended", message);
      status.nextRetryTime = null;
      action = Action.STOP;
    }

    void startAttempt(String reason) {
      if (status.phase == null) {
        moveTo(RunPhase.Pending, "Created", "created");
      }
      int attempt = Optional.ofNullable(status.attempts).orElse(0) + 1;
      status.attempts = attempt;
      status.jobName = new RunNames(run.getMetadata().getName()).job(attempt);
      status.nextRetryTime = null;
      if (status.startTime == null) {
        status.startTime = time(now);
      }
      if (status.deadline == null) {
        status.deadline = time(now.plus(timeout()));
      }
      String message = "attempt " + attempt + " started: Job " + status.jobName + resumeText();
      events.add(new Note(EventReason.RunStarted, message));
      moveTo(RunPhase.Running, reason, message);
      action = Action.LAUNCH;
      requeue = RUNNING_RECHECK;
    }

    void succeed() {
      String message = "succeeded: " + summary();
      events.add(new Note(EventReason.RunSucceeded, message));
      finish(RunPhase.Succeeded, "Succeeded", message);
      status.conditions = condition(ConditionTypes.COMPLETE, true, "Succeeded", message);
      status.conditions =
          Conditions.set(
              status.conditions,
              ConditionTypes.FAILED,
              false,
              "Succeeded",
              message,
              status.observedGeneration,
              clock);
    }

    void fail(AttemptFailure failure) {
      RetryBudget budget = Optional.ofNullable(run.getSpec().retries).orElseGet(RetryBudget::new);
      boolean infrastructure = failure.failureClass() == FailureClass.Infrastructure;
      int used;
      int allowed;
      if (infrastructure) {
        used = status.infrastructureFailures = orZero(status.infrastructureFailures) + 1;
        allowed = orDefault(budget.infrastructure, 5);
      } else {
        used = status.applicationFailures = orZero(status.applicationFailures) + 1;
        allowed = orDefault(budget.application, 1);
      }
      String kind = infrastructure ? "infrastructure" : "application";
      String what =
          "attempt "
              + status.attempts
              + " failed ("
              + kind
              + ", "
              + failure.reason()
              + "): "
              + failure.message();
      events.add(new Note(EventReason.AttemptFailed, what));
      // A failed pod stays for its logs; a pod that is stuck (an image it cannot pull) goes.
      action =
          seen.pods().stream().anyMatch(RunStateMachine::stillActive) ? Action.STOP : Action.NONE;
      if (used <= allowed) {
        int failures = orZero(status.infrastructureFailures) + orZero(status.applicationFailures);
        Duration backoff = backoff(orDefault(budget.backoffSeconds, 10), failures);
        Instant due = now.plus(backoff);
        status.nextRetryTime = time(due);
        String message =
            what
                + "; retry "
                + used
                + " of "
                + allowed
                + " ("
                + kind
                + ") at "
                + time(due)
                + ", resuming after "
                + progressText();
        events.add(new Note(EventReason.RunRetrying, message));
        moveTo(RunPhase.Retrying, failure.reason(), message);
        requeue = backoff.plusSeconds(1);
        return;
      }
      String message =
          "failed: "
              + what
              + "; the "
              + kind
              + " retry budget ("
              + allowed
              + ") is spent after "
              + status.attempts
              + " attempts; "
              + progressText()
              + " stay committed";
      events.add(new Note(EventReason.RunFailed, message));
      finish(RunPhase.Failed, failure.reason(), message);
      status.conditions = condition(ConditionTypes.FAILED, true, failure.reason(), message);
    }

    void timeOut() {
      String message =
          "timed out: not finished by its deadline "
              + status.deadline
              + " (spec.timeout "
              + Optional.ofNullable(run.getSpec().timeout).orElse("12h")
              + "); "
              + progressText()
              + " stay committed, and a new run continues after them";
      events.add(new Note(EventReason.RunTimedOut, message));
      boolean jobActive =
          seen.job().isPresent() && Readiness.of(seen.job().get()) == Readiness.JobOutcome.RUNNING;
      action =
          jobActive || seen.pods().stream().anyMatch(RunStateMachine::stillActive)
              ? Action.STOP
              : Action.NONE;
      finish(RunPhase.Failed, "Timeout", message);
      status.conditions = condition(ConditionTypes.FAILED, true, "Timeout", message);
    }

    /** The Job's activeDeadlineSeconds ran out: the same deadline, seen by the Job controller. */
    boolean deadlineExceededByTheJobController() {
      return seen.job()
          .map(j -> j.getStatus() == null ? null : j.getStatus().getConditions())
          .map(
              conditions ->
                  conditions.stream()
                      .anyMatch(
                          c ->
                              "Failed".equals(c.getType())
                                  && "True".equals(c.getStatus())
                                  && "DeadlineExceeded".equals(c.getReason())))
          .orElse(false);
    }

    Duration timeout() {
      return RunTimeout.of(run.getSpec().timeout);
    }

    /** A run started before deadlines existed gets one from its start time. */
    Instant deadline() {
      if (status.deadline != null) {
        return Instant.parse(status.deadline);
      }
      Instant start = status.startTime == null ? now : Instant.parse(status.startTime);
      status.deadline = time(start.plus(timeout()));
      return Instant.parse(status.deadline);
    }

    boolean pastDeadline() {
      return !now.isBefore(deadline());
    }

    Duration untilDeadlineAtMost(Duration wait) {
      Duration left = Duration.between(now, deadline()).plusSeconds(1);
      return left.compareTo(wait) < 0 ? left : wait;
    }

    void cancel(String why) {
      String message = "cancelled: " + why + "; " + progressText() + " stay committed";
      events.add(new Note(EventReason.RunCancelled, message));
      finish(RunPhase.Cancelled, "Cancelled", message);
      status.conditions = condition(ConditionTypes.FAILED, true, "Cancelled", message);
      action = Action.STOP;
    }

    void finish(RunPhase phase, String reason, String message) {
      status.completionTime = time(now);
      status.nextRetryTime = null;
      moveTo(phase, reason, message);
    }

    void moveTo(RunPhase phase, String reason, String message) {
      status.message = message;
      if (phase == status.phase) {
        return;
      }
      status.phase = phase;
      var transition = new IngestionRunStatus.Transition();
      transition.phase = phase;
      transition.time = time(now);
      transition.reason = reason;
      transition.message = message;
      List<IngestionRunStatus.Transition> history =
          new ArrayList<>(Optional.ofNullable(status.history).orElse(List.of()));
      history.add(transition);
      status.history =
          history.size() > MAX_HISTORY
              ? history.subList(history.size() - MAX_HISTORY, history.size())
              : history;
    }

    List<Condition> condition(String type, boolean value, String reason, String message) {
      return Conditions.set(
          status.conditions, type, value, reason, message, status.observedGeneration, clock);
    }

    /** What the run waits for before its first attempt, if anything. */
    Optional<String> waitingFor() {
      String dataset = run.getSpec().dataset;
      if (seen.dataset().isEmpty()) {
        return Optional.of("Dataset " + dataset + " does not exist");
      }
      String lakehouseName = seen.dataset().get().getSpec().lakehouse;
      if (seen.lakehouse().isEmpty()) {
        return Optional.of(
            "Lakehouse " + lakehouseName + " of Dataset " + dataset + " does not exist");
      }
      Lakehouse lakehouse = seen.lakehouse().get();
      var conditions = lakehouse.getStatus() == null ? null : lakehouse.getStatus().conditions;
      for (String needed : List.of(ConditionTypes.STORAGE_READY, ConditionTypes.METASTORE_READY)) {
        if (!Conditions.isTrue(conditions, needed)) {
          String why =
              Conditions.find(conditions, needed).map(c -> ": " + c.getMessage()).orElse("");
          return Optional.of("Lakehouse " + lakehouseName + " is not ready (" + needed + why + ")");
        }
      }
      return seen.blockedBy()
          .map(other -> "IngestionRun " + other + " of Dataset " + dataset + " runs first");
    }

    /** Why a started run can no longer go on, if it cannot. */
    Optional<String> gone() {
      if (seen.dataset().isEmpty()) {
        return Optional.of("Dataset " + run.getSpec().dataset + " was deleted");
      }
      if (seen.lakehouse().isEmpty()) {
        return Optional.of(
            "Lakehouse " + seen.dataset().get().getSpec().lakehouse + " was deleted");
      }
      return Optional.empty();
    }

    boolean suspended() {
      return Boolean.TRUE.equals(run.getSpec().suspend);
    }

    String progressText() {
      Checkpoint c = status.checkpoint;
      if (c == null || c.batchesTotal == null) {
        return "0 batches committed";
      }
      return orZero(c.batchesCommitted)
          + "/"
          + c.batchesTotal
          + " batches committed ("
          + orZero(c.rowsWritten)
          + " rows)";
    }

    String resumeText() {
      Checkpoint c = status.checkpoint;
      return c == null || orZero(c.batchesCommitted) == 0
          ? ""
          : ", resuming after " + progressText();
    }

    String summary() {
      Checkpoint c = status.checkpoint;
      if (c == null) {
        return "the job finished";
      }
      return orZero(c.batchesCommitted)
          + "/"
          + orZero(c.batchesTotal)
          + " batches, "
          + orZero(c.filesIngested)
          + " files, "
          + orZero(c.rowsWritten)
          + " rows written, "
          + orZero(c.rowsRejected)
          + " rejected"
          + (c.deltaVersion == null ? "" : ", Delta version " + c.deltaVersion)
          + " in "
          + status.attempts
          + (orZero(status.attempts) == 1 ? " attempt" : " attempts");
    }
  }

  /** A pod that has not ended: it still holds resources and must be stopped on failure. */
  static boolean stillActive(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return !"Succeeded".equals(phase) && !"Failed".equals(phase);
  }

  /** The first back-off, doubled for each failure so far, at most an hour. */
  static Duration backoff(int firstSeconds, int failures) {
    long seconds = (long) firstSeconds << Math.min(20, Math.max(0, failures - 1));
    return Duration.ofSeconds(Math.min(seconds, MAX_BACKOFF.toSeconds()));
  }

  static String time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
