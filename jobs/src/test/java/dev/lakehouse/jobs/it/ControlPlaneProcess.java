package dev.lakehouse.jobs.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The project's real control plane (kube-testing's ControlPlaneMain) in a JVM of its own: its
 * fabric8 7 cannot share this module's class path, where Spark's fabric8 6 is. It makes a namespace
 * enforcing Pod Security "restricted" and a ServiceAccount in it, and hands over a token of that
 * account.
 */
final class ControlPlaneProcess implements AutoCloseable {
  private static final Path MODULE = Path.of("..", "kube-testing", "target");

  private final Process process;
  private final Map<String, String> facts;

  private ControlPlaneProcess(Process process, Map<String, String> facts) {
    this.process = process;
    this.facts = facts;
  }

  static ControlPlaneProcess start(String namespacePrefix, String serviceAccount, Path... manifests)
      throws IOException, InterruptedException {
    Path classpath = MODULE.resolve("classpath.txt");
    if (!Files.isRegularFile(classpath)) {
      throw new IllegalStateException(classpath + " is missing: build kube-testing first");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String version = System.getProperty("lakehouse.kubernetes.version");
    if (version != null) {
      command.add("-Dlakehouse.kubernetes.version=" + version);
    }
    command.add("-cp");
    command.add(MODULE.resolve("classes") + ":" + Files.readString(classpath).strip());
    command.add("dev.lakehouse.kubetesting.ControlPlaneMain");
    command.add(namespacePrefix);
    command.add(serviceAccount);
    for (Path manifest : manifests) {
      command.add(manifest.toAbsolutePath().toString());
    }
    Process process =
        new ProcessBuilder(command)
            .redirectError(MODULE.resolve("control-plane-main.err").toFile())
            .start();
    var reader =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<Map<String, String>> ready =
        CompletableFuture.supplyAsync(
            () -> {
              Map<String, String> read = new HashMap<>();
              try {
                for (String line; (line = reader.readLine()) != null; ) {
                  if (line.equals("READY")) {
                    return read;
                  }
                  int eq = line.indexOf('=');
                  if (eq > 0) {
                    read.put(line.substring(0, eq), line.substring(eq + 1));
                  }
                }
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
              throw new IllegalStateException(
                  "the control plane process ended before it was ready; see "
                      + MODULE.resolve("control-plane-main.err"));
            });
    try {
      return new ControlPlaneProcess(process, ready.get(5, TimeUnit.MINUTES));
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IllegalStateException("the control plane did not start", e);
    }
  }

  Path kubeconfig() {
    return Path.of(facts.get("KUBECONFIG"));
  }

  String namespace() {
    return facts.get("NAMESPACE");
  }

  /** A token of the ServiceAccount, in a file, as a pod has it mounted. */
  Path tokenFile() {
    return Path.of(facts.get("TOKEN_FILE"));
  }

  Path caFile() {
    return Path.of(facts.get("CA_FILE"));
  }

  @Override
  public void close() throws Exception {
    process.getOutputStream().close();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
