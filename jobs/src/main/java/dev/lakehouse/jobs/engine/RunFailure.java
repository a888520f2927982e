package dev.lakehouse.jobs.engine;

/**
 * A run that must stop for a reason a retry will not fix by itself (bad configuration, too many
 * rejected rows, a refused schema change). Its message is what the user reads.
 */
public class RunFailure extends RuntimeException {
  public RunFailure(String message) {
    super(message);
  }

  public RunFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
