package dev.lakehouse.operator.testing;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The operator's ServiceAccount and RBAC exactly as the chart renders them (the real templates, by
 * the real Helm in-process), applied to a control plane: tests then run the operator as that
 * account, so any call the chart does not grant fails. The chart's admission policy on run pods
 * comes with them, so every suite runs under it.
 */
public final class ChartRbac {
  public static final String NAMESPACE = "lakehouse-system";

  /** A release named like the chart: its objects, the ServiceAccount too, take this name. */
  public static final String RELEASE = "lakehouse-operator";

  public static final String SERVICE_ACCOUNT = RELEASE;

  private static final Set<String> KINDS =
      Set.of(
          "ServiceAccount",
          "ClusterRole",
          "ClusterRoleBinding",
          "Role",
          "RoleBinding",
          "ValidatingAdmissionPolicy",
          "ValidatingAdmissionPolicyBinding");
  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private ChartRbac() {}

  /** The chart's folder, found from this module's or the repository's root. */
  public static Path chart() {
    for (Path candidate :
        List.of(Path.of("../helm/lakehouse-operator"), Path.of("helm/lakehouse-operator"))) {
      if (Files.isRegularFile(candidate.resolve("Chart.yaml"))) {
        return candidate.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException("the chart helm/lakehouse-operator was not found");
  }

  /** The chart's RBAC and admission objects with its default values and leader election on. */
  public static List<HasMetadata> rendered(String kubeVersion) {
    String yaml =
        new Helm(chart())
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion("v" + kubeVersion)
            .set("leaderElection.enabled", "true")
            // The images a checkout builds (scripts/images.sh), as the README installs it.
            .set("image.repository", "lakehouse-operator")
            .set("image.tag", "dev")
            .set("images.jobs", "lakehouse-jobs:dev")
            .set("images.metastore", "lakehouse-metastore:dev")
            .call();
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
      if (document.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#"))) {
        continue;
      }
      HasMetadata object = JSON.unmarshal(document, HasMetadata.class);
      if (KINDS.contains(object.getKind())) {
        objects.add(object);
      }
    }
    if (objects.stream()
        .noneMatch(
            o ->
                o.getKind().equals("ServiceAccount")
                    && o.getMetadata().getName().equals(SERVICE_ACCOUNT))) {
      throw new IllegalStateException("the chart rendered no ServiceAccount " + SERVICE_ACCOUNT);
    }
    return objects;
  }

  /** Creates the release namespace and the chart's RBAC in it. */
  public static void apply(KubernetesClient admin, String kubeVersion) {
    if (admin.namespaces().withName(NAMESPACE).get() == null) {
      admin
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
          .create();
    }
    for (HasMetadata object : rendered(kubeVersion)) {
      admin.resource(object).forceConflicts().serverSideApply();
    }
  }
}
