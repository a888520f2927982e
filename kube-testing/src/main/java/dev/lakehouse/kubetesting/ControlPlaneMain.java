package dev.lakehouse.kubetesting;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The control plane in a process of its own, for a test JVM whose class path cannot hold this
 * module's fabric8 7 (the jobs module runs Spark's fabric8 6). Arguments: a namespace prefix, a
 * ServiceAccount name, then any manifest files to apply (as the admin, server-side). It starts the
 * control plane and the kubelet, applies the files, makes a restricted namespace with that
 * ServiceAccount, and prints one line each: {@code KUBECONFIG=}, {@code NAMESPACE=}, {@code
 * TOKEN_FILE=} (a token of the account), {@code CA_FILE=}; then {@code READY}. It stops when its
 * standard input closes.
 */
public final class ControlPlaneMain {
  private ControlPlaneMain() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println(
          "usage: ControlPlaneMain <namespace-prefix> <service-account> [manifest.yaml ...]");
      System.exit(2);
    }
    ControlPlane plane = ControlPlane.shared();
    var admin = plane.admin();
    for (int i = 2; i < args.length; i++) {
      try (InputStream in = Files.newInputStream(Path.of(args[i]))) {
        for (HasMetadata object : admin.load(in).items()) {
          admin.resource(object).forceConflicts().serverSideApply();
        }
      }
    }
    String namespace = plane.createNamespace(args[0]);
    admin
        .serviceAccounts()
        .inNamespace(namespace)
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(args[1])
                .withNamespace(namespace)
                .endMetadata()
                .build())
        .create();
    String token = plane.serviceAccountToken(namespace, args[1]);
    Path dir = Files.createTempDirectory("control-plane-main");
    Path tokenFile = Files.writeString(dir.resolve("token"), token);
    Path caFile = Files.writeString(dir.resolve("ca.crt"), plane.caCertificate());
    System.out.println("KUBECONFIG=" + plane.kubeconfig());
    System.out.println("NAMESPACE=" + namespace);
    System.out.println("TOKEN_FILE=" + tokenFile);
    System.out.println("CA_FILE=" + caFile);
    System.out.println("READY");
    System.out.flush();
    while (System.in.read() >= 0) {
      // runs until the test closes our standard input (or dies, which closes it too)
    }
    System.exit(0);
  }
}
