package dev.lakehouse.kubetesting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** kubectl of the control plane's release, run against it as a user would run it. */
public final class Kubectl {
  /** What one kubectl command printed and how it ended. */
  public record Result(int exitCode, String out, String err) {
    public Result assertOk() {
      if (exitCode != 0) {
        throw new AssertionError("kubectl exited with " + exitCode + ": " + err + out);
      }
      return this;
    }

    /**
     * The rows of a table as {@code kubectl get} prints it: the header's names mapped to each row's
     * values (columns are found where the header's words start).
     */
    public List<Map<String, String>> table() {
      List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
      if (lines.isEmpty()) {
        return List.of();
      }
      String header = lines.get(0);
      List<Integer> starts = new ArrayList<>();
      for (int i = 0; i < header.length(); i++) {
        if (header.charAt(i) != ' ' && (i == 0 || header.charAt(i - 1) == ' ')) {
          starts.add(i);
        }
      }
      List<Map<String, String>> rows = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int c = 0; c < starts.size(); c++) {
          int from = Math.min(starts.get(c), line.length());
          int to =
              c + 1 < starts.size() ? Math.min(starts.get(c + 1), line.length()) : line.length();
          String name =
              header
                  .substring(
                      starts.get(c), c + 1 < starts.size() ? starts.get(c + 1) : header.length())
                  .trim();
          row.put(name, line.substring(from, to).trim());
        }
        rows.add(row);
      }
      return rows;
    }
  }

  private final ControlPlane cluster;

  public Kubectl(ControlPlane cluster) {
    this.cluster = cluster;
  }

  public Result run(String... args) {
    return withInput(null, args);
  }

  /** Runs kubectl with these arguments, {@code stdin} (may be null) as its input. */
  public Result withInput(String stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add(cluster.kubectl().toString());
    command.add("--kubeconfig=" + cluster.kubeconfig());
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).start();
      CompletableFuture<String> out = read(process.getInputStream());
      CompletableFuture<String> err = read(process.getErrorStream());
      try (var in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!process.waitFor(3, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("kubectl " + String.join(" ", args) + " did not end in 3 minutes");
      }
      return new Result(process.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static CompletableFuture<String> read(java.io.InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
