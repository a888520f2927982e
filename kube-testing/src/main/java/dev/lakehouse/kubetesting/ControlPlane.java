package dev.lakehouse.kubetesting;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A real Kubernetes control plane on 127.0.0.1: etcd and kube-apiserver (started by fabric8's
 * kube-api-test, RBAC on, Pod Security admission as the release ships it), kube-controller-manager
 * (Job, ReplicaSet, Deployment, StatefulSet controllers, garbage collector, namespace controller),
 * one Node and a {@link TestKubelet} that plays the container runtime's part.
 *
 * <p>One per JVM ({@link #shared()}): a start costs seconds, so test classes share it and each
 * works in namespaces of its own ({@link #createNamespace}).
 */
public final class ControlPlane implements AutoCloseable {
  /** Test namespaces enforce this Pod Security level, as a hardened cluster does. */
  public static final String POD_SECURITY_LEVEL = "restricted";

  private static ControlPlane shared;
  private static RuntimeException failure;
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  private final ControlPlaneBinaries binaries;
  private final Path dir;
  private final KubeAPIServer apiServer;
  private final AuditLog auditLog;
  private ControllerManager controllerManager;
  private Path kubeconfig;
  private Config adminConfig;
  private KubernetesClient admin;
  private TestKubelet kubelet;

  private ControlPlane(ControlPlaneBinaries binaries, Path dir) throws IOException {
    this.binaries = binaries;
    this.dir = dir;
    // kube-api-test writes its certificates into its directory: a fresh one per control plane,
    // whose k8s/ points at the shared binaries.
    Files.createSymbolicLink(dir.resolve("k8s"), binaries.root().resolve("k8s"));
    this.apiServer =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(dir.toString())
                .withApiServerVersion(binaries.version())
                .withOfflineMode(true)
                .withUpdateKubeConfig(false)
                .withWaitForEtcdHealthCheckOnStartup(true)
                .withApiServerFlags(apiServerFlags(dir))
                .build());
    this.auditLog = new AuditLog(dir.resolve("audit.log"));
  }

  private static List<String> apiServerFlags(Path dir) throws IOException {
    List<String> flags = new java.util.ArrayList<>(AuditLog.flags(dir));
    flags.addAll(
        List.of(
            "--bind-address=127.0.0.1",
            "--advertise-address=127.0.0.1",
            // The endpoint reconciler refuses a loopback address for the kubernetes
            // Service; pods reach the API server by KUBERNETES_SERVICE_HOST instead.
            "--endpoint-reconciler-type=none",
            // Refuses an ownerReference with blockOwnerDeletion unless the writer may
            // update the owner's finalizers, as OpenShift and hardened clusters do.
            "--enable-admission-plugins=OwnerReferencesPermissionEnforcement"));
    return flags;
  }

  /** Starts the parts in order; {@link #close()} stops whatever of them started. */
  private void start() throws IOException {
    apiServer.start();
    this.kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(kubeconfig, apiServer.getKubeConfigYaml());
    this.adminConfig = Config.fromKubeconfig(apiServer.getKubeConfigYaml());
    this.admin = new KubernetesClientBuilder().withConfig(adminConfig).build();
    this.controllerManager =
        ControllerManager.start(binaries.controllerManager(), kubeconfig, dir, logDir());
    this.kubelet = TestKubelet.start(admin, url(), caCertificate());
  }

  /** The control plane of this JVM, started on first use and stopped when the JVM exits. */
  public static synchronized ControlPlane shared() {
    if (failure != null) {
      throw new IllegalStateException(
          "the control plane did not start: " + failure.getMessage(), failure);
    }
    if (shared == null) {
      try {
        var plane =
            new ControlPlane(
                ControlPlaneBinaries.locate(),
                Files.createTempDirectory("lakehouse-control-plane"));
        // kube-api-test leaves its processes running when the JVM ends: stop them with it.
        Runtime.getRuntime().addShutdownHook(new Thread(plane::close, "control-plane-stop"));
        try {
          plane.start();
        } catch (IOException | RuntimeException e) {
          plane.close();
          throw e;
        }
        shared = plane;
      } catch (IOException e) {
        failure = new UncheckedIOException(e);
        throw failure;
      } catch (RuntimeException e) {
        failure = e;
        throw e;
      }
    }
    return shared;
  }

  /** A client with the cluster-admin certificate ({@code system:masters}: no RBAC applies). */
  public KubernetesClient admin() {
    return admin;
  }

  /** A new admin client with changes to its configuration (user agent, timeouts). */
  public KubernetesClient adminClient(UnaryOperator<Config> change) {
    Config config = Config.fromKubeconfig(kubeconfigYaml());
    return new KubernetesClientBuilder().withConfig(change.apply(config)).build();
  }

  /**
   * A client that acts as a ServiceAccount: every request is authorised by RBAC as that account's
   * user and groups, exactly as a pod's requests would be.
   */
  public KubernetesClient clientAs(String namespace, String serviceAccount) {
    return new KubernetesClientBuilder().withConfig(configAs(namespace, serviceAccount)).build();
  }

  /** The configuration behind {@link #clientAs}. */
  public Config configAs(String namespace, String serviceAccount) {
    Config config = Config.fromKubeconfig(kubeconfigYaml());
    config.setImpersonateUsername("system:serviceaccount:" + namespace + ":" + serviceAccount);
    config.setImpersonateGroups(
        "system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated");
    return config;
  }

  /** Every request the API server answered, from any client. */
  public AuditLog auditLog() {
    return auditLog;
  }

  public TestKubelet kubelet() {
    return kubelet;
  }

  /** The API server's https URL. */
  public URI url() {
    String url = adminConfig.getMasterUrl();
    return URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
  }

  /** An hour's token of a ServiceAccount from the TokenRequest API, bound to no pod. */
  public String serviceAccountToken(String namespace, String serviceAccount) {
    return admin
        .serviceAccounts()
        .inNamespace(namespace)
        .withName(serviceAccount)
        .tokenRequest(
            new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
        .getStatus()
        .getToken();
  }

  /** The PEM of the CA that signed the API server's certificate. */
  public String caCertificate() {
    try {
      return Files.readString(dir.resolve("apiserver.crt"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A kubeconfig file for the admin, for kubectl and Helm. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  public String kubeconfigYaml() {
    return apiServer.getKubeConfigYaml();
  }

  /** kubectl of the same release as the API server. */
  public Path kubectl() {
    return binaries.kubectl();
  }

  public String version() {
    return binaries.version();
  }

  /**
   * A new namespace whose name starts with {@code prefix}, enforcing Pod Security {@value
   * #POD_SECURITY_LEVEL}.
   */
  public String createNamespace(String prefix) {
    String name = prefix + "-" + NAMESPACES.incrementAndGet();
    createNamespaceNamed(name);
    return name;
  }

  /** A namespace with exactly this name, enforcing Pod Security {@value #POD_SECURITY_LEVEL}. */
  public void createNamespaceNamed(String name) {
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(
                    Map.of(
                        "pod-security.kubernetes.io/enforce",
                        POD_SECURITY_LEVEL,
                        "pod-security.kubernetes.io/enforce-version",
                        "latest"))
                .endMetadata()
                .build())
        .create();
  }

  /**
   * Deletes the namespace; the namespace controller removes what is in it (the test kubelet
   * finishes the pods' termination).
   */
  public void deleteNamespace(String name) {
    admin.namespaces().withName(name).delete();
  }

  /** Deletes the namespace and waits until the namespace controller has removed it. */
  public void deleteNamespaceAndWait(String name, long seconds) {
    admin.namespaces().withName(name).withTimeout(seconds, TimeUnit.SECONDS).delete();
  }

  private static Path logDir() throws IOException {
    Path dir =
        Path.of(System.getProperty("lakehouse.testing.logDir", "target/lakehouse-servers"))
            .toAbsolutePath();
    return Files.createDirectories(dir);
  }

  @Override
  public synchronized void close() {
    try {
      if (kubelet != null) {
        kubelet.close();
      }
      if (admin != null) {
        admin.close();
      }
    } finally {
      try {
        if (controllerManager != null) {
          controllerManager.close();
        }
      } finally {
        apiServer.stop();
      }
    }
  }
}
