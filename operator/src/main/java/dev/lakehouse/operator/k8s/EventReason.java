package dev.lakehouse.operator.k8s;

/** Reasons of the events the operator records; what {@code kubectl describe} shows. */
public enum EventReason {
  Provisioning(EventType.Normal),
  Applied(EventType.Normal),
  Ready(EventType.Normal),
  ComponentReady(EventType.Normal),
  ComponentNotReady(EventType.Warning),
  Degraded(EventType.Warning),
  InvalidSpec(EventType.Warning),
  SecretNotFound(EventType.Warning),
  SecretKeyMissing(EventType.Warning),
  BucketCreationFailed(EventType.Warning),
  ReconcileFailed(EventType.Warning),
  Deleting(EventType.Normal),
  Deleted(EventType.Normal),

  // IngestionRun
  RunWaiting(EventType.Normal),
  RunStarted(EventType.Normal),
  AttemptFailed(EventType.Warning),
  RunRetrying(EventType.Normal),
  RunSucceeded(EventType.Normal),
  RunFailed(EventType.Warning),
  RunSuspended(EventType.Normal),
  RunResumed(EventType.Normal),
  RunCancelled(EventType.Warning),
  RunTimedOut(EventType.Warning),
  PodUnschedulable(EventType.Warning),

  // Dataset
  DatasetReady(EventType.Normal),
  DatasetNotReady(EventType.Warning),
  LakehouseNotFound(EventType.Warning),
  LakehouseNotReady(EventType.Warning),
  UpstreamNotFound(EventType.Warning),
  CycleDetected(EventType.Warning),
  InvalidSchedule(EventType.Warning),
  RunCreated(EventType.Normal),
  WaitingForUpstream(EventType.Normal),
  ScheduleSkipped(EventType.Normal),
  RunsPruned(EventType.Normal),
  TableDropping(EventType.Normal),
  TableDropped(EventType.Normal),
  TableDropFailed(EventType.Warning),
  TableRetained(EventType.Normal),

  // Query
  QueryStarted(EventType.Normal),
  QuerySucceeded(EventType.Normal),
  QueryFailed(EventType.Warning),
  QueryRetrying(EventType.Normal),
  QueryCancelled(EventType.Warning);

  private final EventType type;

  EventReason(EventType type) {
    this.type = type;
  }

  public EventType type() {
    return type;
  }

  /** The two event types Kubernetes knows. */
  public enum EventType {
    Normal,
    Warning
  }
}
