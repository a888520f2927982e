package dev.lakehouse.jobs.upload;

/** An upload that could not finish; its message is the one line the user reads. */
public class UploadFailure extends RuntimeException {
  public UploadFailure(String message) {
    super(message);
  }

  public UploadFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
