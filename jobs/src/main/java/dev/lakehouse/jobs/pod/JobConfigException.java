package dev.lakehouse.jobs.pod;

/** The job configuration or the pod's environment cannot work; the message is one line. */
public class JobConfigException extends Exception {
  public JobConfigException(String message) {
    super(message);
  }
}
