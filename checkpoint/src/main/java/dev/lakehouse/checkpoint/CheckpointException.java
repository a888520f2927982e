package dev.lakehouse.checkpoint;

/** A checkpoint could not be read or written; the run stops rather than lose track of progress. */
public class CheckpointException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }

  public CheckpointException(String message) {
    super(message);
  }
}
