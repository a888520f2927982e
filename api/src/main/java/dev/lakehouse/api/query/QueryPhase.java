package dev.lakehouse.api.query;

/** The states of a Query. */
public enum QueryPhase {
  Pending,
  Running,
  Succeeded,
  Failed,
  Cancelled
}
