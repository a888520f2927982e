package dev.lakehouse.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import dev.lakehouse.operator.OperatorSettings;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The chart lints, renders with default and custom values, and every object parses. */
class ChartTest {
  private static final Path CRDS = Path.of("..", "crds");
  private static final Path CHART_CRDS = RenderedChart.CHART.resolve("files/crds");
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  @Test
  void theReleaseWorkflowPublishesTheImagesTheChartNamesBeforeTheChartThatNamesThem()
      throws java.io.IOException {
    String workflow =
        java.nio.file.Files.readString(java.nio.file.Path.of("../.github/workflows/release.yml"));
    String values = java.nio.file.Files.readString(RenderedChart.CHART.resolve("values.yaml"));
    assertThat(values).containsOnlyOnce("\nreleasedImages: false\n");
    assertThat(workflow)
        .contains(
            "-t \"ghcr.io/lakehouse-dev/lakehouse-operator:${{ steps.version.outputs.version }}\"")
        .contains(
            "-t \"ghcr.io/lakehouse-dev/lakehouse-jobs:${{ steps.version.outputs.version }}\"")
        .contains("s/^releasedImages: false$/releasedImages: true/");
    assertThat(workflow.indexOf("releasedImages: true"))
        .as("the chart says its images exist only after they were pushed")
        .isGreaterThan(workflow.indexOf("lakehouse-jobs:${{ steps.version.outputs.version }}"));
  }

  @Test
  void fromACheckoutTheUnpublishedDefaultImagesAreRefusedWithWhatToDo() {
    assertThatThrownBy(() -> RenderedChart.fromCheckout(Map.of()))
        .hasMessageContaining("image.repository ghcr.io/lakehouse-dev/lakehouse-operator")
        .hasMessageContaining("no release has published the project's images")
        .hasMessageContaining("scripts/images.sh");
    assertThatThrownBy(
            () ->
                RenderedChart.fromCheckout(
                    Map.of("image.repository", "lakehouse-operator", "image.tag", "dev")))
        .hasMessageContaining("images.jobs ghcr.io/lakehouse-dev/lakehouse-jobs:0.1.0");
    assertThatThrownBy(
            () ->
                RenderedChart.fromCheckout(
                    Map.of(
                        "image.repository", "lakehouse-operator",
                        "image.tag", "dev",
                        "images.jobs", "lakehouse-jobs:dev")))
        .hasMessageContaining("images.metastore ghcr.io/lakehouse-dev/lakehouse-metastore:0.1.0");
    // The README's install line.
    var chart =
        RenderedChart.fromCheckout(
            Map.of(
                "image.repository", "lakehouse-operator",
                "image.tag", "dev",
                "images.jobs", "lakehouse-jobs:dev",
                "images.metastore", "lakehouse-metastore:dev"));
    assertThat(
            chart
                .one(Deployment.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getImage())
        .isEqualTo("lakehouse-operator:dev");
  }

  @Test
  void theChartsDefaultImagesAreTheOperatorsOwn() {
    Container operator =
        RenderedChart.withDefaults()
            .one(Deployment.class)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    // What the operator falls back to must be what the chart installs, SeaweedFS's release above
    // all:
    // the tests build weed at the version OperatorSettings names.
    OperatorSettings fromChart = OperatorSettings.fromEnvironment(env(operator));
    assertThat(fromChart).isEqualTo(OperatorSettings.defaults());
    assertThat(env(operator))
        .containsEntry("LAKEHOUSE_IMAGE_SEAWEEDFS", OperatorSettings.DEFAULT_SEAWEEDFS);
  }

  @Test
  void lintsCleanInStrictMode() {
    var result = new Helm(RenderedChart.CHART).lint().strict().call();
    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    assertThat(result.getMessages())
        .as("lint messages")
        .noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }

  @Test
  void defaultValuesRenderAWorkingInstallation() {
    var chart = RenderedChart.withDefaults();
    assertThat(kinds(chart))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "CustomResourceDefinition", 4L,
                "ServiceAccount", 1L,
                "ClusterRole", 1L,
                "ClusterRoleBinding", 1L,
                "Role", 1L,
                "RoleBinding", 1L,
                "Service", 1L,
                "Deployment", 1L,
                "ValidatingAdmissionPolicy", 1L,
                "ValidatingAdmissionPolicyBinding", 1L));
    chart.objects.forEach(
        o -> {
          assertThat(o.getMetadata().getName()).as("name of a %s", o.getKind()).isNotBlank();
          assertThat(o)
              .as("%s parsed as a typed object", o.getKind())
              .isNotInstanceOf(GenericKubernetesResource.class);
        });

    Deployment deployment = chart.one(Deployment.class);
    assertThat(deployment.getMetadata().getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
    var pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    Container operator = pod.getContainers().get(0);
    assertThat(operator.getImage()).isEqualTo("ghcr.io/lakehouse-dev/lakehouse-operator:0.1.0");
    assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(operator.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(operator.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(operator.getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(operator.getResources().getLimits()).containsKey("memory");
    assertThat(env(operator))
        .containsEntry("LAKEHOUSE_WATCH_NAMESPACES", "")
        .containsEntry("LAKEHOUSE_LEADER_ELECTION", "true")
        .containsEntry("LAKEHOUSE_IMAGE_TRINO", "docker.io/trinodb/trino:476")
        .containsEntry("LAKEHOUSE_IMAGE_JOBS", "ghcr.io/lakehouse-dev/lakehouse-jobs:0.1.0")
        .containsEntry("LAKEHOUSE_LOG_FORMAT", "json");
    assertThat(operator.getEnv())
        .filteredOn(e -> e.getName().equals("LAKEHOUSE_POD_NAMESPACE"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getValueFrom().getFieldRef().getFieldPath())
                    .isEqualTo("metadata.namespace"));

    Service metrics = chart.one(Service.class);
    assertThat(metrics.getSpec().getSelector())
        .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
    assertThat(metrics.getSpec().getPorts().get(0).getTargetPort().getStrVal())
        .isEqualTo(operator.getPorts().get(0).getName());

    Role leaderElection = chart.one(Role.class);
    assertThat(Permission.granted(leaderElection.getRules()))
        .extracting(Permission::toString)
        .containsExactly(
            "coordination.k8s.io leases create",
            "coordination.k8s.io leases get",
            "coordination.k8s.io leases patch",
            "coordination.k8s.io leases update");
    assertThat(chart.one(RoleBinding.class).getRoleRef().getName())
        .isEqualTo(leaderElection.getMetadata().getName());
  }

  @Test
  void theRunPodPolicyIsOnByDefaultFromKubernetes130AndCanBeTurnedOff() {
    assertThat(RenderedChart.withDefaults().ofKind("ValidatingAdmissionPolicy"))
        .singleElement()
        .satisfies(p -> assertThat(p.getMetadata().getName()).isEqualTo("lakehouse-run-pods"));
    var binding =
        RenderedChart.withDefaults()
            .one(
                io.fabric8.kubernetes.api.model.admissionregistration.v1
                    .ValidatingAdmissionPolicyBinding.class);
    assertThat(binding.getSpec().getPolicyName()).isEqualTo("lakehouse-run-pods");
    assertThat(binding.getSpec().getValidationActions()).containsExactly("Deny");

    assertThat(RenderedChart.with(Map.of("runPodPolicy.enabled", false)).yaml)
        .doesNotContain("ValidatingAdmissionPolicy");
    assertThat(RenderedChart.on("v1.29.4", Map.of("releasedImages", true)).yaml)
        .as("before admission policies were GA")
        .doesNotContain("ValidatingAdmissionPolicy");
  }

  @Test
  void customValuesReachTheObjects() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("image.repository", "registry.corp.example:5000/lakehouse/operator");
    values.put("image.tag", "0.1.0-rc1");
    values.put("imagePullSecrets[0]", "corp-registry");
    values.put("images.jobs", "registry.corp.example:5000/lakehouse/jobs:0.1.0");
    values.put("images.trino", "registry.corp.example:5000/trinodb/trino:476");
    values.put("images.pullPolicy", "Always");
    values.put("watchNamespaces[0]", "analytics");
    values.put("watchNamespaces[1]", "staging");
    values.put("replicas", 2);
    values.put("queryWorkers", 8);
    values.put("logging.format", "text");
    values.put("logging.level", "DEBUG");
    values.put("crds.install", false);
    values.put("metrics.serviceMonitor.enabled", true);
    values.put("metrics.serviceMonitor.labels.release", "prometheus");
    values.put("serviceAccount.name", "lakehouse-bot");
    values.put("nodeSelector.kubernetes\\.io/os", "linux");
    var chart = RenderedChart.with(values);

    assertThat(chart.ofKind("CustomResourceDefinition")).isEmpty();
    Deployment deployment = chart.one(Deployment.class);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    var pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getImagePullSecrets())
        .extracting(r -> r.getName())
        .containsExactly("corp-registry");
    assertThat(pod.getNodeSelector()).containsEntry("kubernetes.io/os", "linux");
    assertThat(pod.getServiceAccountName()).isEqualTo("lakehouse-bot");
    assertThat(chart.one(ServiceAccount.class).getMetadata().getName()).isEqualTo("lakehouse-bot");
    Container operator = pod.getContainers().get(0);
    assertThat(operator.getImage())
        .isEqualTo("registry.corp.example:5000/lakehouse/operator:0.1.0-rc1");
    assertThat(env(operator))
        .containsEntry("LAKEHOUSE_WATCH_NAMESPACES", "analytics,staging")
        .containsEntry("LAKEHOUSE_IMAGE_JOBS", "registry.corp.example:5000/lakehouse/jobs:0.1.0")
        .containsEntry("LAKEHOUSE_IMAGE_TRINO", "registry.corp.example:5000/trinodb/trino:476")
        .containsEntry("LAKEHOUSE_IMAGE_PULL_POLICY", "Always")
        .containsEntry("LAKEHOUSE_QUERY_WORKERS", "8")
        .containsEntry("LAKEHOUSE_LOG_FORMAT", "text")
        .containsEntry("LAKEHOUSE_LOG_LEVEL", "DEBUG");
    // A Role per watched namespace, plus the leader election Role.
    assertThat(chart.all(Role.class))
        .extracting(r -> r.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("analytics", "staging", RenderedChart.NAMESPACE);
    List<HasMetadata> monitors = chart.ofKind("ServiceMonitor");
    assertThat(monitors).singleElement();
    assertThat(monitors.get(0).getMetadata().getLabels()).containsEntry("release", "prometheus");
  }

  @Test
  void theChartCarriesTheGeneratedCrdsByteForByte() throws IOException {
    List<Path> generated = yamlFiles(CRDS);
    assertThat(generated).hasSize(4);
    assertThat(yamlFiles(CHART_CRDS))
        .extracting(p -> p.getFileName().toString())
        .containsExactlyElementsOf(
            generated.stream().map(p -> p.getFileName().toString()).toList());
    for (Path crd : generated) {
      assertThat(Files.readString(CHART_CRDS.resolve(crd.getFileName())))
          .as(
              "%s differs from crds/: mvn -pl api test -Dtest=CrdFilesTest"
                  + " -Dlakehouse.updateCrds=true writes both",
              crd)
          .isEqualTo(Files.readString(crd));
    }
  }

  @Test
  void renderedCrdsAreTheGeneratedOnesKeptOnUninstall() throws IOException {
    var rendered = RenderedChart.withDefaults().all(CustomResourceDefinition.class);
    assertThat(rendered).hasSize(4);
    for (Path file : yamlFiles(CRDS)) {
      CustomResourceDefinition generated =
          JSON.unmarshal(Files.readString(file), CustomResourceDefinition.class);
      CustomResourceDefinition inChart =
          rendered.stream()
              .filter(c -> c.getMetadata().getName().equals(generated.getMetadata().getName()))
              .findFirst()
              .orElseThrow();
      assertThat(inChart.getMetadata().getAnnotations())
          .containsExactly(Map.entry("helm.sh/resource-policy", "keep"));
      inChart.getMetadata().setAnnotations(generated.getMetadata().getAnnotations());
      assertThat(inChart).isEqualTo(generated);
    }
    assertThat(RenderedChart.with(Map.of("crds.keep", false)).all(CustomResourceDefinition.class))
        .allSatisfy(c -> assertThat(c.getMetadata().getAnnotations()).isNullOrEmpty());
  }

  private static Map<String, Long> kinds(RenderedChart chart) {
    return chart.objects.stream()
        .collect(Collectors.groupingBy(HasMetadata::getKind, Collectors.counting()));
  }

  private static Map<String, String> env(Container container) {
    return container.getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  private static List<Path> yamlFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }
}
