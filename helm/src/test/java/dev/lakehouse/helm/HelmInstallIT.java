package dev.lakehouse.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import dev.lakehouse.api.dataset.Dataset;
import dev.lakehouse.kubetesting.ControlPlane;
import dev.lakehouse.operator.dataset.Datasets;
import dev.lakehouse.operator.testing.ChartRbac;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart installed for real, by the Helm library, into the real API server, in a release
 * namespace that enforces Pod Security "restricted": install, an upgrade from an older chart that
 * changes a CRD, and an uninstall that keeps the CRDs and every resource of their kinds.
 */
class HelmInstallIT {
  static final String RELEASE = "lakehouse-it";
  static final Duration WAIT = Duration.ofSeconds(120);
  static final String DATASETS = "datasets.lakehouse.dev";
  static final String RUN_POD_POLICY = "lakehouse-run-pods";
  static final Path CHART = RenderedChart.CHART.toAbsolutePath().normalize();

  @TempDir Path tmp;

  @Test
  void installUpgradeAndUninstall() throws IOException {
    ControlPlane plane = ControlPlane.shared();
    KubernetesClient admin = plane.admin();
    String ns = plane.createNamespace("helm-release");
    adoptCrdsAppliedBefore(admin, ns);
    adoptRunPodPolicyAppliedBefore(admin, ns);

    // The release before this one named Datasets "ds", which kubectl resolves to DaemonSets.
    Path older = copyOfTheChart();
    Path oldCrd = older.resolve("files/crds/" + DATASETS + ".yaml");
    Files.writeString(oldCrd, Files.readString(oldCrd).replace("- \"dset\"", "- \"ds\""));

    Release installed =
        readmeValues(new Helm(older).install())
            .withName(RELEASE)
            .withNamespace(ns)
            .withKubeConfig(plane.kubeconfig())
            .waitReady()
            .withTimeout((int) WAIT.toSeconds())
            .call();
    assertThat(installed.getStatus()).isEqualTo("deployed");
    Deployment operator = operatorDeployment(admin, ns);
    // The ReplicaSet controller's pod passed Pod Security "restricted" and runs.
    Pod pod = runningPod(admin, ns);
    assertThat(pod.getSpec().getContainers().get(0).getImage()).isEqualTo("lakehouse-operator:dev");
    assertThat(operator.getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo(RELEASE + "-lakehouse-operator");
    assertThat(shortNames(admin)).containsExactly("ds");
    assertThat(runPodPolicy(admin))
        .as("the admission policy on run pods came with the release")
        .isNotNull()
        .satisfies(
            p ->
                assertThat(p.getMetadata().getAnnotations())
                    .containsEntry("meta.helm.sh/release-name", RELEASE));

    Dataset dataset = Datasets.bronze("events", ns);
    dataset.getMetadata().setUid(null);
    dataset.getMetadata().setGeneration(null);
    admin.resource(dataset).create();

    Release upgraded =
        new Helm(CHART)
            .upgrade()
            .withName(RELEASE)
            .withNamespace(ns)
            .withKubeConfig(plane.kubeconfig())
            .reuseValues()
            .set("logging.level", "DEBUG")
            .waitReady()
            .call();
    assertThat(upgraded.getRevision()).isEqualTo("2");
    assertThat(shortNames(admin)).as("the CRD went with the upgrade").containsExactly("dset");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        operatorDeployment(admin, ns)
                            .getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers()
                            .get(0)
                            .getEnv())
                    .anySatisfy(
                        e -> {
                          assertThat(e.getName()).isEqualTo("LAKEHOUSE_LOG_LEVEL");
                          assertThat(e.getValue()).isEqualTo("DEBUG");
                        }));

    Helm.uninstall(RELEASE).withNamespace(ns).withKubeConfig(plane.kubeconfig()).call();
    await()
        .atMost(WAIT)
        .until(() -> admin.apps().deployments().inNamespace(ns).list().getItems().isEmpty());
    assertThat(admin.apiextensions().v1().customResourceDefinitions().withName(DATASETS).get())
        .as("the CRDs stay (helm.sh/resource-policy: keep)")
        .isNotNull();
    assertThat(admin.resources(Dataset.class).inNamespace(ns).withName("events").get())
        .as("and so does every resource of their kinds")
        .isNotNull();
    admin.resources(Dataset.class).inNamespace(ns).withName("events").delete();
    assertThat(runPodPolicy(admin)).as("the admission policy went with the release").isNull();
    // Back as the other suites of this JVM had it.
    ChartRbac.apply(admin, plane.version());
  }

  private static ValidatingAdmissionPolicy runPodPolicy(KubernetesClient admin) {
    return admin
        .admissionRegistration()
        .v1()
        .validatingAdmissionPolicies()
        .withName(RUN_POD_POLICY)
        .get();
  }

  /** The chart's admission policy, applied by other suites without Helm: adopted the same way. */
  private static void adoptRunPodPolicyAppliedBefore(KubernetesClient admin, String ns) {
    UnaryOperator<ObjectMeta> adopt =
        meta -> {
          Map<String, String> labels =
              new HashMap<>(Optional.ofNullable(meta.getLabels()).orElse(Map.of()));
          labels.put("app.kubernetes.io/managed-by", "Helm");
          meta.setLabels(labels);
          Map<String, String> annotations =
              new HashMap<>(Optional.ofNullable(meta.getAnnotations()).orElse(Map.of()));
          annotations.putAll(
              Map.of("meta.helm.sh/release-name", RELEASE, "meta.helm.sh/release-namespace", ns));
          meta.setAnnotations(annotations);
          return meta;
        };
    var v1 = admin.admissionRegistration().v1();
    if (v1.validatingAdmissionPolicies().withName(RUN_POD_POLICY).get() != null) {
      v1.validatingAdmissionPolicies()
          .withName(RUN_POD_POLICY)
          .edit(
              p -> {
                adopt.apply(p.getMetadata());
                return p;
              });
    }
    if (v1.validatingAdmissionPolicyBindings().withName(RUN_POD_POLICY).get() != null) {
      v1.validatingAdmissionPolicyBindings()
          .withName(RUN_POD_POLICY)
          .edit(
              b -> {
                adopt.apply(b.getMetadata());
                return b;
              });
    }
  }

  /** How the README installs from a checkout: the images scripts/images.sh builds. */
  private static com.marcnuri.helm.InstallCommand readmeValues(
      com.marcnuri.helm.InstallCommand install) {
    return install
        .set("image.repository", "lakehouse-operator")
        .set("image.tag", "dev")
        .set("images.jobs", "lakehouse-jobs:dev")
        .set("images.metastore", "lakehouse-metastore:dev");
  }

  /**
   * Other suites of this JVM applied the CRDs without Helm: the README's adoption (a label and two
   * annotations) hands them to the release, as it would on a cluster where they were applied by
   * hand.
   */
  private static void adoptCrdsAppliedBefore(KubernetesClient admin, String ns) {
    for (CustomResourceDefinition crd :
        admin.apiextensions().v1().customResourceDefinitions().list().getItems()) {
      if (!"lakehouse.dev".equals(crd.getSpec().getGroup())) {
        continue;
      }
      admin
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(crd.getMetadata().getName())
          .edit(
              c -> {
                c.getMetadata().getLabels().put("app.kubernetes.io/managed-by", "Helm");
                c.getMetadata()
                    .getAnnotations()
                    .putAll(
                        Map.of(
                            "meta.helm.sh/release-name", RELEASE,
                            "meta.helm.sh/release-namespace", ns));
                return c;
              });
    }
  }

  private static List<String> shortNames(KubernetesClient admin) {
    return admin
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(DATASETS)
        .get()
        .getSpec()
        .getNames()
        .getShortNames();
  }

  private static Deployment operatorDeployment(KubernetesClient admin, String ns) {
    List<Deployment> deployments = admin.apps().deployments().inNamespace(ns).list().getItems();
    assertThat(deployments).hasSize(1);
    return deployments.get(0);
  }

  private static Pod runningPod(KubernetesClient admin, String ns) {
    return await()
        .atMost(WAIT)
        .until(
            () ->
                admin.pods().inNamespace(ns).list().getItems().stream()
                    .filter(p -> p.getStatus() != null)
                    .filter(p -> "Running".equals(p.getStatus().getPhase()))
                    .findFirst()
                    .orElse(null),
            p -> p != null);
  }

  private Path copyOfTheChart() throws IOException {
    Path copy = tmp.resolve("lakehouse-operator");
    try (Stream<Path> files = Files.walk(CHART)) {
      for (Path file : files.sorted(Comparator.naturalOrder()).toList()) {
        Path target = copy.resolve(CHART.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
    return copy;
  }
}
