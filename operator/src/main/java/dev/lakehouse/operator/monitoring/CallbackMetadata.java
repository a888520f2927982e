package dev.lakehouse.operator.monitoring;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import java.util.Map;

/** What JOSDK passes along with its monitoring callbacks: the controller's resource kind. */
final class CallbackMetadata {
  static final String UNKNOWN = "unknown";

  private CallbackMetadata() {}

  static String kind(Map<String, Object> metadata) {
    return metadata != null
            && metadata.get(Constants.RESOURCE_GVK_KEY) instanceof GroupVersionKind gvk
        ? gvk.getKind()
        : UNKNOWN;
  }

  static String kind(HasMetadata resource, Map<String, Object> metadata) {
    String kind = resource == null ? null : resource.getKind();
    return kind == null || kind.isEmpty() ? kind(metadata) : kind;
  }
}
