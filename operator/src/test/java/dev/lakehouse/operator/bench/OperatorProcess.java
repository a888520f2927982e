package dev.lakehouse.operator.bench;

import dev.lakehouse.operator.testing.ChartRbac;
import dev.lakehouse.operator.testing.TestCluster;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link OperatorProcessMain} in a child JVM with a fixed maximum heap, on this JVM's class
 * path, so the operator's heap is measured alone, as in its container. A child that dies (out of
 * memory, say) shows in {@link #exitCode()} and empty answers rather than an exception.
 */
final class OperatorProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final PrintWriter commands;
  private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();

  private OperatorProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
    this.commands =
        new PrintWriter(
            new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
    Thread reader = new Thread(this::sortOutput, "operator-process-output");
    reader.setDaemon(true);
    reader.start();
  }

  static OperatorProcess start(
      TestCluster cluster, Set<String> namespaces, String userAgent, String maxHeap, Path log)
      throws IOException {
    Files.createDirectories(log.getParent());
    Path kubeconfig = cluster.controlPlane().kubeconfig();
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx" + maxHeap,
            // Dead at once rather than limping on: the benchmark then reports it.
            "-XX:+ExitOnOutOfMemoryError",
            "-cp",
            System.getProperty("java.class.path"),
            OperatorProcessMain.class.getName(),
            kubeconfig.toString(),
            String.join(",", namespaces),
            userAgent,
            ChartRbac.NAMESPACE,
            ChartRbac.SERVICE_ACCOUNT);
    return new OperatorProcess(new ProcessBuilder(command).redirectErrorStream(true).start(), log);
  }

  /** The metrics port, once the operator started; empty if the child died or took too long. */
  OptionalInt awaitStarted(Duration limit) throws InterruptedException {
    String reply = awaitReply("started ", limit);
    return reply == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(reply));
  }

  /** The child's used heap after full collections, or null if it did not answer. */
  HeapAfterGc heapAfterGc() throws InterruptedException {
    commands.println("heap");
    String reply = awaitReply("heap ", Duration.ofMinutes(1));
    if (reply == null) {
      return null;
    }
    String[] parts = reply.split(" ");
    return new HeapAfterGc(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
  }

  /** The exit code once the child ended, or null while it runs. */
  Integer exitCode() {
    return process.isAlive() ? null : process.exitValue();
  }

  /** Replies to the queue, everything else (the operator's log) to the log file. */
  private void sortOutput() {
    try (Writer logFile = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
        var out =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith(OperatorProcessMain.REPLY)) {
          replies.add(line.substring(OperatorProcessMain.REPLY.length()));
        } else {
          logFile.write(line + "\n");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String awaitReply(String prefix, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      String reply = replies.poll(200, TimeUnit.MILLISECONDS);
      if (reply != null && reply.startsWith(prefix)) {
        return reply.substring(prefix.length());
      }
      if (reply == null && !process.isAlive()) {
        return null;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "operator process, exit code " + exitCode() + ", log " + log;
  }

  @Override
  public void close() throws InterruptedException {
    commands.println("stop");
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
