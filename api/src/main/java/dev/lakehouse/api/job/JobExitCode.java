package dev.lakehouse.api.job;

import dev.lakehouse.api.run.FailureClass;
import java.util.Arrays;
import java.util.Optional;

/**
 * How a jobs-image pod ends, so the operator can tell a failure of the data or the configuration
 * (retried within the application budget) from one of the platform (the infrastructure budget). The
 * pod also writes a one-line message to its termination log, which the operator shows.
 */
public enum JobExitCode {
  SUCCEEDED(0, null),
  /** Something unexpected; treated as a failure of the job itself. */
  UNEXPECTED(1, FailureClass.Application),
  /** The JVM ran out of heap ({@code -XX:+ExitOnOutOfMemoryError} exits with 3). */
  OUT_OF_MEMORY(3, FailureClass.Infrastructure),
  /** The job configuration or the Dataset cannot work (bad SQL, unknown upstream table, ...). */
  CONFIGURATION(10, FailureClass.Application),
  /** The data was refused: too many rejected rows, a failed expectation, a schema change. */
  DATA_REJECTED(11, FailureClass.Application),
  /** A service the job needs (S3, the metastore, the API server) failed or was unreachable. */
  SERVICE_UNAVAILABLE(12, FailureClass.Infrastructure),
  /** Killed by a signal: 128 + SIGKILL (OOM killer, node shutdown). */
  KILLED(137, FailureClass.Infrastructure),
  /** 128 + SIGTERM: the pod was stopped (eviction, drain, deletion). */
  TERMINATED(143, FailureClass.Infrastructure);

  private final int code;
  private final FailureClass kind;

  JobExitCode(int code, FailureClass kind) {
    this.code = code;
    this.kind = kind;
  }

  public int code() {
    return code;
  }

  /** The budget a failure with this code draws from; null for success. */
  public FailureClass kind() {
    return kind;
  }

  public static Optional<JobExitCode> of(int code) {
    return Arrays.stream(values()).filter(c -> c.code == code).findFirst();
  }
}
