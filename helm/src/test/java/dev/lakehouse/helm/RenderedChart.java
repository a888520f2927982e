package dev.lakehouse.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The chart rendered by the real Helm (in-process) and parsed into Kubernetes objects. */
final class RenderedChart {
  static final Path CHART = Path.of("lakehouse-operator");
  static final String RELEASE = "lakehouse";
  static final String NAMESPACE = "lakehouse-system";
  // kind v0.33.0's node; Helm would otherwise assume 1.20, older than the chart allows.
  static final String KUBE_VERSION = "v1.37.0";
  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  final String yaml;
  final List<HasMetadata> objects;

  private RenderedChart(String yaml, List<HasMetadata> objects) {
    this.yaml = yaml;
    this.objects = objects;
  }

  /** A released chart (its default images were published) with its defaults. */
  static RenderedChart withDefaults() {
    return with(Map.of());
  }

  /**
   * A released chart rendered with {@code --set key=value} for each entry; Helm checks
   * values.schema.json.
   */
  static RenderedChart with(Map<String, Object> values) {
    Map<String, Object> released = new java.util.LinkedHashMap<>();
    released.put("releasedImages", true);
    released.putAll(values);
    return fromCheckout(released);
  }

  /** The chart as this checkout has it (no published images) with these values. */
  static RenderedChart fromCheckout(Map<String, Object> values) {
    return on(KUBE_VERSION, values);
  }

  /** As {@link #fromCheckout}, for a cluster of this Kubernetes version. */
  static RenderedChart on(String kubeVersion, Map<String, Object> values) {
    TemplateCommand template =
        new Helm(CHART)
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion(kubeVersion);
    values.forEach(template::set);
    String yaml = template.call();
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
      if (!document.lines().allMatch(l -> l.isBlank() || l.startsWith("#"))) {
        objects.add(JSON.unmarshal(document, HasMetadata.class));
      }
    }
    return new RenderedChart(yaml, objects);
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> T one(Class<T> type) {
    List<T> found = all(type);
    if (found.size() != 1) {
      throw new AssertionError(
          "expected one " + type.getSimpleName() + " but the chart rendered " + found.size());
    }
    return found.get(0);
  }

  List<HasMetadata> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.getKind())).toList();
  }
}
