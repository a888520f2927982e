package dev.lakehouse.operator.monitoring;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import org.slf4j.MDC;

/**
 * The MDC keys JOSDK 5.2.3 sets while it reconciles a resource ({@code MDCUtils}), and the same
 * keys set around work done elsewhere for a resource, so that every log line names its resource.
 */
public final class ResourceMdc {
  public static final String NAMESPACE = "resource.namespace";
  public static final String NAME = "resource.name";
  public static final String KIND = "resource.kind";

  private ResourceMdc() {}

  /** The task, run with the resource in the MDC; the thread's MDC is restored afterwards. */
  public static Runnable wrap(HasMetadata resource, Runnable task) {
    String namespace = resource.getMetadata().getNamespace();
    String name = resource.getMetadata().getName();
    String kind = resource.getKind();
    return () -> {
      Map<String, String> before = MDC.getCopyOfContextMap();
      putIfPresent(NAMESPACE, namespace);
      putIfPresent(NAME, name);
      putIfPresent(KIND, kind);
      try {
        task.run();
      } finally {
        if (before == null) {
          MDC.clear();
        } else {
          MDC.setContextMap(before);
        }
      }
    };
  }

  private static void putIfPresent(String key, String value) {
    if (value != null) {
      MDC.put(key, value);
    }
  }
}
