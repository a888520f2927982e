package dev.lakehouse.kubetesting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control plane the operator tests run on does what a cluster does: the Job controller makes
 * pods and reads their ends, the garbage collector removes what an owner owned, Pod Security
 * refuses what {@code restricted} forbids, RBAC refuses an account what it was not granted, and the
 * test kubelet runs a pod as a process with its volumes and a real token.
 */
class ControlPlaneIT {
  static final Duration WAIT = Duration.ofSeconds(60);

  ControlPlane cluster = ControlPlane.shared();
  KubernetesClient client = cluster.admin();
  String ns;

  @TempDir Path temp;

  @BeforeEach
  void namespace() {
    ns = cluster.createNamespace("control-plane");
  }

  @AfterEach
  void cleanUp() {
    cluster.deleteNamespace(ns);
  }

  @Test
  void theJobControllerRunsAJobsPodAndReadsItsExitCode() {
    client.batch().v1().jobs().inNamespace(ns).resource(job("ok")).create();
    client.batch().v1().jobs().inNamespace(ns).resource(job("fails")).create();

    Pod ok = awaitPod("ok");
    Pod fails = awaitPod("fails");
    assertThat(ok.getSpec().getNodeName()).isEqualTo(TestKubelet.NODE);
    cluster.kubelet().terminate(ns, ok.getMetadata().getName(), 0, "Completed", null);
    cluster.kubelet().terminate(ns, fails.getMetadata().getName(), 3, "Error", "bad input");

    await().atMost(WAIT).until(() -> condition("ok", "Complete"));
    await().atMost(WAIT).until(() -> condition("fails", "Failed"));
  }

  @Test
  void podSecurityRestrictedRefusesAPrivilegedPod() {
    Pod root =
        new PodBuilder()
            .withNewMetadata()
            .withName("root")
            .endMetadata()
            .withSpec(
                new PodSpecBuilder()
                    .addToContainers(
                        new ContainerBuilder().withName("c").withImage("busybox:1").build())
                    .build())
            .build();
    assertThatThrownBy(() -> client.pods().inNamespace(ns).resource(root).create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("violates PodSecurity \"restricted:latest\"");
  }

  @Test
  void deletingAnOwnerCollectsWhatItOwns() {
    var owner =
        client
            .configMaps()
            .inNamespace(ns)
            .resource(
                new ConfigMapBuilder().withNewMetadata().withName("owner").endMetadata().build())
            .create();
    client
        .configMaps()
        .inNamespace(ns)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("owned")
                .addNewOwnerReference()
                .withApiVersion("v1")
                .withKind("ConfigMap")
                .withName("owner")
                .withUid(owner.getMetadata().getUid())
                .endOwnerReference()
                .endMetadata()
                .build())
        .create();
    client.configMaps().inNamespace(ns).withName("owner").delete();
    await()
        .atMost(WAIT)
        .until(() -> client.configMaps().inNamespace(ns).withName("owned").get() == null);
  }

  @Test
  void rbacRefusesAServiceAccountWhatItWasNotGranted() {
    client
        .serviceAccounts()
        .inNamespace(ns)
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName("nobody").endMetadata().build())
        .create();
    try (KubernetesClient nobody = cluster.clientAs(ns, "nobody")) {
      assertThatThrownBy(() -> nobody.configMaps().inNamespace(ns).list())
          .isInstanceOf(KubernetesClientException.class)
          .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
    }
  }

  @Test
  void aProcessPodSeesItsVolumesTokenAndEnvironment() throws Exception {
    client
        .configMaps()
        .inNamespace(ns)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("settings")
                .endMetadata()
                .withData(Map.of("greeting", "hello"))
                .build())
        .create();
    var runner =
        ProcessPods.forCluster(cluster, Map.of(), temp.resolve("pods"), temp.resolve("logs"));
    PodSpec spec =
        restricted()
            .addToContainers(
                new ContainerBuilder()
                    .withName("main")
                    .withImage("test/shell:1")
                    .withCommand("sh", "-c")
                    .withArgs(
                        "cat /etc/settings/greeting > /dev/termination-log;"
                            + " printf ' %s' \"$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace)\" >> /dev/termination-log;"
                            + " printf ' %s' \"$GREETING_NAME\" >> /dev/termination-log;"
                            + " test -s /var/run/secrets/kubernetes.io/serviceaccount/token; exit 3")
                    .addNewEnv()
                    .withName("GREETING_NAME")
                    .withNewValueFrom()
                    .withNewFieldRef()
                    .withFieldPath("metadata.name")
                    .endFieldRef()
                    .endValueFrom()
                    .endEnv()
                    .addNewVolumeMount()
                    .withName("settings")
                    .withMountPath("/etc/settings")
                    .endVolumeMount()
                    .withSecurityContext(restrictedContainer())
                    .build())
            .addNewVolume()
            .withName("settings")
            .withNewConfigMap()
            .withName("settings")
            .endConfigMap()
            .endVolume()
            .build();
    try (var rule =
        cluster.kubelet().runWith(p -> p.getMetadata().getName().equals("shell"), runner)) {
      client
          .pods()
          .inNamespace(ns)
          .resource(
              new PodBuilder()
                  .withNewMetadata()
                  .withName("shell")
                  .endMetadata()
                  .withSpec(spec)
                  .build())
          .create();
      Pod ended =
          await()
              .atMost(WAIT)
              .until(
                  () -> client.pods().inNamespace(ns).withName("shell").get(),
                  p -> p.getStatus() != null && "Failed".equals(p.getStatus().getPhase()));
      var terminated = ended.getStatus().getContainerStatuses().get(0).getState().getTerminated();
      assertThat(terminated.getExitCode()).isEqualTo(3);
      assertThat(terminated.getMessage()).isEqualTo("hello " + ns + " shell");
      assertThat(Files.exists(runner.log(ns, "shell"))).isTrue();
    }
  }

  private Job job(String name) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(0)
        .withNewTemplate()
        .withSpec(
            restricted()
                .withRestartPolicy("Never")
                .addToContainers(
                    new ContainerBuilder()
                        .withName("main")
                        .withImage("test/job:1")
                        .withSecurityContext(restrictedContainer())
                        .build())
                .build())
        .endTemplate()
        .endSpec()
        .build();
  }

  private static PodSpecBuilder restricted() {
    return new PodSpecBuilder()
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(1000L)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext();
  }

  private static io.fabric8.kubernetes.api.model.SecurityContext restrictedContainer() {
    return new io.fabric8.kubernetes.api.model.SecurityContextBuilder()
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .build();
  }

  private Pod awaitPod(String job) {
    return await()
        .atMost(WAIT)
        .until(
            () ->
                client.pods().inNamespace(ns).withLabel("job-name", job).list().getItems().stream()
                    .filter(p -> p.getSpec().getNodeName() != null)
                    .findFirst()
                    .orElse(null),
            p -> p != null);
  }

  private boolean condition(String job, String type) {
    Job current = client.batch().v1().jobs().inNamespace(ns).withName(job).get();
    return current.getStatus() != null
        && current.getStatus().getConditions() != null
        && current.getStatus().getConditions().stream()
            .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
