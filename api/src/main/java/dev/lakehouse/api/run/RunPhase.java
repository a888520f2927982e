package dev.lakehouse.api.run;

/** The states of an IngestionRun. */
public enum RunPhase {
  Pending,
  Running,
  Retrying,
  Suspended,
  Succeeded,
  Failed,
  Cancelled;

  public boolean isFinished() {
    return this == Succeeded || this == Failed || this == Cancelled;
  }
}
