package dev.lakehouse.api.run;

/** Why an attempt failed; each class has its own retry budget. */
public enum FailureClass {
  /** The platform failed the pod: eviction, OOM kill, image pull, lost node. */
  Infrastructure,
  /** The job failed: bad configuration, unreadable source, too many rejected rows. */
  Application
}
