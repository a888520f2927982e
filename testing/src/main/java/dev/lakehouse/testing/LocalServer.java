package dev.lakehouse.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

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

  /**
   * Registers the server for the JVM's shutdown and runs {@code launch}; a launch that fails closes
   * the server (its process and folder) before the failure goes on.
   */
  static <S extends LocalServer> S launched(S server, Consumer<S> launch) {
    ShutdownHooks.register(server);
    try {
      launch.accept(server);
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
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
