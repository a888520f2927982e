package dev.lakehouse.kubetesting;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where {@code scripts/k8s-binaries.sh} put etcd, kube-apiserver, kube-controller-manager and
 * kubectl: {@code <root>/k8s/<version>-linux-amd64/}, the layout kube-api-test looks in.
 */
public record ControlPlaneBinaries(Path root, String version) {
  /** Set by the build (the parent pom's {@code kubernetes.version}). */
  public static final String VERSION_PROPERTY = "lakehouse.kubernetes.version";

  private static final List<String> REQUIRED =
      List.of("etcd", "kube-apiserver", "kube-controller-manager", "kubectl");

  /**
   * {@code LAKEHOUSE_K8S_DIR}, else {@code $XDG_CACHE_HOME/lakehouse/kube-api-test}, else {@code
   * ~/.cache/lakehouse/kube-api-test}: the script's defaults.
   */
  public static ControlPlaneBinaries locate() {
    String version = System.getProperty(VERSION_PROPERTY);
    if (version == null || version.isBlank()) {
      throw new IllegalStateException(
          "-D"
              + VERSION_PROPERTY
              + " is not set: run the tests through Maven (the parent pom sets it)");
    }
    String dir = System.getenv("LAKEHOUSE_K8S_DIR");
    Path root;
    if (dir != null && !dir.isBlank()) {
      root = Path.of(dir);
    } else {
      String cache = System.getenv("XDG_CACHE_HOME");
      Path base =
          cache != null && !cache.isBlank()
              ? Path.of(cache)
              : Path.of(System.getProperty("user.home"), ".cache");
      root = base.resolve("lakehouse").resolve("kube-api-test");
    }
    var binaries = new ControlPlaneBinaries(root, version);
    binaries.check();
    return binaries;
  }

  public Path dir() {
    return root.resolve("k8s").resolve(version + "-linux-amd64");
  }

  public Path kubectl() {
    return dir().resolve("kubectl");
  }

  public Path controllerManager() {
    return dir().resolve("kube-controller-manager");
  }

  private void check() {
    for (String binary : REQUIRED) {
      if (!Files.isExecutable(dir().resolve(binary))) {
        throw new IllegalStateException(
            "no "
                + binary
                + " "
                + version
                + " in "
                + dir()
                + ": run scripts/k8s-binaries.sh (./test.sh does) to build the control plane");
      }
    }
  }
}
