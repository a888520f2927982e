package dev.lakehouse.jobs.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * One child JVM running the command line with this JVM's java and classpath: its output files, when
 * each output line appeared (as seen by polling), and SIGKILL.
 */
final class ChildRun {
  /** Ceiling of one child process's life: only a hang guard, never a performance assertion. */
  static final long HANG_GUARD_MILLIS = TimeUnit.MINUTES.toMillis(8);

  private static final long POLL_MILLIS = 5;

  final Path stdout;
  final Path stderr;
  final Path tmp;
  private final Process process;
  private final long startedNanos;
  private final List<Long> lineSeenAt = new ArrayList<>();

  private ChildRun(Process process, long startedNanos, Path tmp, Path stdout, Path stderr) {
    this.process = process;
    this.startedNanos = startedNanos;
    this.tmp = tmp;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** {@code java <jvm.options> -cp <this classpath> <mainAndArgs>}, with {@code tmp} as tmpdir. */
  static ChildRun start(List<String> mainAndArgs, Path tmp, Path stdout, Path stderr)
      throws IOException {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Path jobs = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("@" + jobs.resolve("jvm.options").toAbsolutePath());
    command.add("-Xmx1g");
    command.add("-Djava.io.tmpdir=" + tmp.toAbsolutePath());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.addAll(mainAndArgs);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    long started = System.nanoTime();
    return new ChildRun(builder.start(), started, tmp, stdout, stderr);
  }

  /** Milliseconds since the process was started. */
  long millis() {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The complete stdout lines so far; notes when each new one was first seen. */
  List<String> lines() {
    List<String> lines = RunOutput.lines(stdout);
    long now = millis();
    while (lineSeenAt.size() < lines.size()) {
      lineSeenAt.add(now);
    }
    return lines;
  }

  /** When line {@code index} (0-based) was first seen, in milliseconds after the start. */
  long seenAt(int index) {
    return lineSeenAt.get(index);
  }

  /** Polls until the condition holds (true) or the process exits (false). */
  boolean await(BooleanSupplier condition) throws InterruptedException {
    return await(condition, POLL_MILLIS);
  }

  /** As {@link #await(BooleanSupplier)}, polling every {@code pollMillis}. */
  boolean await(BooleanSupplier condition, long pollMillis) throws InterruptedException {
    long deadline = millis() + HANG_GUARD_MILLIS;
    while (millis() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      if (!process.isAlive()) {
        return condition.getAsBoolean();
      }
      Thread.sleep(pollMillis);
    }
    throw new AssertionError("the child process neither reached the kill point nor exited");
  }

  /**
   * Polls until {@code millis()} reaches {@code at}, noting when lines appear; true when the
   * process is still alive then.
   */
  boolean aliveAt(long at) throws InterruptedException {
    return await(
            () -> {
              lines();
              return millis() >= at;
            })
        && process.isAlive();
  }

  /** Waits for the exit and returns the exit code; a hung child is killed and fails the test. */
  int waitForExit() throws InterruptedException {
    if (!process.waitFor(HANG_GUARD_MILLIS, TimeUnit.MILLISECONDS)) {
      kill();
      throw new AssertionError("the child process did not exit: it hangs (" + stdout + ")");
    }
    lines();
    return process.exitValue();
  }

  /** SIGKILL for the process and everything it started; returns once it is gone. */
  void kill() throws InterruptedException {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
    process.waitFor();
    for (ProcessHandle child : descendants) {
      child.onExit().join();
    }
  }

  /** Spark's block manager folder exists: the child's session is up. */
  boolean sparkStarted() {
    try (Stream<Path> entries = Files.list(tmp)) {
      return entries.anyMatch(p -> p.getFileName().toString().startsWith("blockmgr-"));
    } catch (IOException e) {
      return false;
    }
  }
}
