package dev.lakehouse.operator.run;

import dev.lakehouse.api.run.IngestionRunStatus;
import dev.lakehouse.operator.k8s.EventReason;
import java.time.Duration;
import java.util.List;

/** The next status of a run, what to do in the cluster, and the events that explain it. */
public record RunDecision(
    IngestionRunStatus status, Action action, Duration requeueAfter, List<Note> events) {

  /** What the reconciler does once the status is written. */
  public enum Action {
    NONE,
    /** Make sure the run's objects and the current attempt's Job exist. */
    LAUNCH,
    /** Delete the current attempt's Job (and so its pods), if it exists. */
    STOP
  }

  /** An event to record on the run. */
  public record Note(EventReason reason, String message) {}
}
