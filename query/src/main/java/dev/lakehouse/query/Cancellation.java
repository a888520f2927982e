package dev.lakehouse.query;

import java.util.ArrayList;
import java.util.List;

/** Lets another thread stop a running query; the first reason given wins. */
public final class Cancellation {
  private final List<Runnable> actions = new ArrayList<>();
  private String reason;

  /** Asks the query to stop; runs the registered actions once, on this thread. */
  public void cancel(String why) {
    List<Runnable> toRun;
    synchronized (this) {
      if (reason != null) {
        return;
      }
      reason = why;
      toRun = List.copyOf(actions);
      actions.clear();
    }
    toRun.forEach(Runnable::run);
  }

  /** Runs {@code action} on cancellation, or now if already cancelled. */
  public void onCancel(Runnable action) {
    synchronized (this) {
      if (reason == null) {
        actions.add(action);
        return;
      }
    }
    action.run();
  }

  public synchronized boolean isCancelled() {
    return reason != null;
  }

  /** Why it was cancelled, or null. */
  public synchronized String reason() {
    return reason;
  }
}
