package dev.lakehouse.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A child process whose output goes to a log file; it is stopped with its whole process tree. */
final class ServerProcess {
  /** Variables that would point a child at the host's own Hadoop, Hive or Postgres setup. */
  private static final List<String> HOST_VARIABLES =
      List.of(
          "HADOOP_HOME",
          "HADOOP_CONF_DIR",
          "HIVE_HOME",
          "HIVE_CONF_DIR",
          "METASTORE_CONF_DIR",
          "CLASSPATH",
          "JAVA_TOOL_OPTIONS",
          "PGDATA",
          "PGHOST",
          "PGPORT",
          "PGUSER",
          "PGPASSWORD",
          "PGDATABASE");

  private final String name;
  private final Process process;
  private final Path log;

  private ServerProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static ServerProcess start(
      String name, List<String> command, Map<String, String> env, Path workDir, Path log) {
    return start(name, command, env, workDir, log, null);
  }

  /** Starts {@code command}; {@code stdin}, when given, is written to it and closed. */
  static ServerProcess start(
      String name,
      List<String> command,
      Map<String, String> env,
      Path workDir,
      Path log,
      String stdin) {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    HOST_VARIABLES.forEach(builder.environment()::remove);
    builder.environment().putAll(env);
    // Only the command line: values that are secrets travel in the environment or on stdin.
    Logs.append(log, "=== " + LocalTime.now() + " " + name + ": " + String.join(" ", command));
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new ServerStartException(
          Logs.failure(name + ": cannot run " + command.get(0) + ": " + e.getMessage(), log), e);
    }
    try (OutputStream in = process.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      // The process exited before reading its input; its exit code and log tell why.
    }
    return new ServerProcess(name, process, log);
  }

  /** Runs a command to completion and returns its exit code. */
  static int run(
      String name,
      List<String> command,
      Map<String, String> env,
      Path workDir,
      Path log,
      String stdin,
      Duration timeout) {
    ServerProcess child = start(name, command, env, workDir, log, stdin);
    try {
      if (!child.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        child.stop(Duration.ofSeconds(5));
        throw new ServerStartException(
            Logs.failure(name + " did not finish within " + timeout, log));
      }
    } catch (InterruptedException e) {
      child.stop(Duration.ofSeconds(5));
      Thread.currentThread().interrupt();
      throw new ServerStartException(name + " was interrupted", e);
    }
    return child.process.exitValue();
  }

  /** Polls {@code ready} until it holds; fails early when the process dies. */
  void awaitReady(Duration timeout, BooleanSupplier ready) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new ServerStartException(
            Logs.failure(
                name + " exited with code " + process.exitValue() + " before it was ready", log));
      }
      if (ready.getAsBoolean()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new ServerStartException(Logs.failure(name + " not ready within " + timeout, log));
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ServerStartException(name + ": interrupted while waiting for it", e);
      }
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  /**
   * SIGTERM to the process, then SIGKILL to whatever of its tree is left after {@code grace}. The
   * tree is collected first: once the parent is gone its children are re-parented and lost.
   */
  void stop(Duration grace) {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    process.destroy();
    long deadline = System.nanoTime() + grace.toNanos();
    while (System.nanoTime() < deadline && tree.stream().anyMatch(ProcessHandle::isAlive)) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    Logs.append(log, "=== " + LocalTime.now() + " " + name + " stopped");
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ")";
  }
}
