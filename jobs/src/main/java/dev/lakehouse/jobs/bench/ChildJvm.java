package dev.lakehouse.jobs.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

/**
 * Starts one contender in a JVM of its own, with the options and classpath of this one, so every
 * contender runs under the same JVM configuration and is timed as a whole process: JVM start, Spark
 * start, work and shutdown.
 */
final class ChildJvm {
  /** What one process did: its wall time, and its output kept in files for the report. */
  record Run(String name, long millis, Integer exitCode, Path stdout, Path stderr) {
    boolean killed() {
      return exitCode == null;
    }

    List<String> lines() {
      try {
        return Files.readAllLines(stdout, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return List.of();
      }
    }

    String lastErrorLine() {
      try {
        List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
        return lines.stream()
            .filter(l -> l.startsWith("error") || l.contains("Exception"))
            .reduce((a, b) -> b)
            .orElse(lines.isEmpty() ? "" : lines.get(lines.size() - 1));
      } catch (IOException e) {
        return "";
      }
    }
  }

  private final List<String> jvm;
  private final Path logs;

  private ChildJvm(List<String> jvm, Path logs) {
    this.jvm = jvm;
    this.logs = logs;
  }

  /**
   * Children like this JVM: same java, options (debug and profiling agents left out), classpath.
   */
  static ChildJvm likeThisOne(Path logs) throws IOException {
    Files.createDirectories(logs);
    List<String> command = new ArrayList<>();
    command.add(
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      boolean tooling =
          option.startsWith("-agentlib")
              || option.startsWith("-javaagent")
              || option.startsWith("-XX:StartFlightRecording")
              || option.startsWith("-XX:FlightRecorder");
      if (!tooling) {
        command.add(option);
      }
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    return new ChildJvm(List.copyOf(command), logs);
  }

  String heap() {
    return jvm.stream().filter(o -> o.startsWith("-Xmx")).reduce((a, b) -> b).orElse("default");
  }

  /** Runs {@code mainClass args} to its end. */
  Run run(String name, Class<?> mainClass, List<String> args) throws IOException {
    return run(name, mainClass, args, elapsed -> false);
  }

  /**
   * Runs {@code mainClass args}, killing it (SIGKILL, with everything it started) as soon as {@code
   * killWhen} holds for the milliseconds elapsed since start.
   */
  Run run(String name, Class<?> mainClass, List<String> args, LongPredicate killWhen)
      throws IOException {
    List<String> command = new ArrayList<>(jvm);
    command.add(mainClass.getName());
    command.addAll(args);
    Path stdout = logs.resolve(name + ".out");
    Path stderr = logs.resolve(name + ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    long started = System.nanoTime();
    Process process = builder.start();
    try {
      while (!process.waitFor(5, TimeUnit.MILLISECONDS)) {
        if (killWhen.test((System.nanoTime() - started) / 1_000_000)) {
          List<ProcessHandle> children = process.descendants().toList();
          process.destroyForcibly();
          children.forEach(ProcessHandle::destroyForcibly);
          process.waitFor();
          return new Run(name, (System.nanoTime() - started) / 1_000_000, null, stdout, stderr);
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while " + name + " ran", e);
    }
    return new Run(
        name, (System.nanoTime() - started) / 1_000_000, process.exitValue(), stdout, stderr);
  }
}
