package dev.lakehouse.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A server process of the harness with its own work folder and log: stopped once, its folder
 * removed, whether the test closes it or the JVM's shutdown hook does.
 */
abstract class LocalServer implements AutoCloseable {
  protected final Path workDir;
  protected final Path logFile;
  protected ServerProcess process;
  private final AtomicBoolean closed = new AtomicBoolean();

  LocalServer(Path workDir, Path logFile) {
    this.workDir = workDir;
    this.logFile = logFile;
  }

  public Path logFile() {
    return logFile;
  }

  /** A server-specific orderly stop before the process is signalled; the default has none. */
  protected void beforeStop() {}

  protected Duration stopGrace() {
    return Duration.ofSeconds(10);
  }

  @Override
  public final void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      if (process != null && process.isAlive()) {
        beforeStop();
      }
    } catch (RuntimeException e) {
      Logs.append(logFile, "orderly stop failed: " + e.getMessage());
    } finally {
      if (process != null) {
        process.stop(stopGrace());
      }
      Dirs.deleteQuietly(workDir);
      ShutdownHooks.unregister(this);
    }
  }
}
