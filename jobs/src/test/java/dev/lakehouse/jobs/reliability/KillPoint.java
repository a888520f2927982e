package dev.lakehouse.jobs.reliability;

/** Where an attempt's child is killed. */
@FunctionalInterface
interface KillPoint {
  /** Never: the child runs until it exits. */
  KillPoint NONE = child -> null;

  /**
   * Waits for the moment and kills the child then; returns where it was killed, or null when the
   * child exited first.
   */
  String killIfReached(ChildRun child) throws Exception;
}
