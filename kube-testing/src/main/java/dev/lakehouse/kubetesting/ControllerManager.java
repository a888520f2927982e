package dev.lakehouse.kubetesting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * kube-controller-manager against the test API server: the real Job, ReplicaSet, Deployment and
 * StatefulSet controllers, the garbage collector and the namespace controller. Node lifecycle is
 * off (the test Node has no real kubelet heart-beating it), so is leader election, and it serves
 * nothing itself.
 */
final class ControllerManager implements AutoCloseable {
  private final Process process;

  private ControllerManager(Process process) {
    this.process = process;
  }

  static ControllerManager start(Path binary, Path kubeconfig, Path certDir, Path logDir) {
    List<String> command =
        List.of(
            binary.toString(),
            "--kubeconfig=" + kubeconfig,
            "--leader-elect=false",
            "--secure-port=0",
            "--bind-address=127.0.0.1",
            "--controllers=*,-nodelifecycle",
            // The token controller signs with the key the API server verifies with.
            "--service-account-private-key-file=" + certDir.resolve("apiserver.key"),
            "--root-ca-file=" + certDir.resolve("apiserver.crt"),
            // Short delays, so a Job's failed pod reaches its status quickly.
            "--concurrent-job-syncs=5",
            "--v=1");
    Path log = logDir.resolve("kube-controller-manager.log");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      if (process.waitFor(1, TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            "kube-controller-manager exited with " + process.exitValue() + ": see " + log);
      }
      return new ControllerManager(process);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
