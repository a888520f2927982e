package dev.lakehouse.operator.k8s;

import java.util.LinkedHashMap;
import java.util.Map;

/** The labels and annotations the operator puts on what it creates, in one place. */
public final class Labels {
  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String PART_OF = "app.kubernetes.io/part-of";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String VERSION = "app.kubernetes.io/version";

  /** Names the Lakehouse an object belongs to; maps events on owned objects back to it. */
  public static final String LAKEHOUSE = "lakehouse.dev/lakehouse";

  /** Names the IngestionRun an object belongs to (its Jobs, their pods, its ConfigMap and RBAC). */
  public static final String RUN = "lakehouse.dev/run";

  /** Names the Dataset an object was made for (runs a schedule created, drop-table Jobs). */
  public static final String DATASET = "lakehouse.dev/dataset";

  /** The attempt number of a run's Job and its pod. */
  public static final String ATTEMPT = "lakehouse.dev/attempt";

  public static final String MANAGER = "lakehouse-operator";
  public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + MANAGER;

  /**
   * Annotation: the order in which a Dataset created its runs. Creation timestamps have whole
   * seconds, and two runs of one second must not be ordered by their names.
   */
  public static final String RUN_SEQUENCE = "lakehouse.dev/run-sequence";

  /** Hash of the desired object, so an unchanged object is never written again. */
  public static final String APPLIED_HASH = "lakehouse.dev/applied-hash";

  /** Hash of the ConfigMaps a pod mounts; a change rolls the pods. */
  public static final String CONFIG_HASH = "lakehouse.dev/config-hash";

  /** Hash of the Secrets a pod reads; a rotation rolls the pods. */
  public static final String SECRET_HASH = "lakehouse.dev/secret-hash";

  private Labels() {}

  /** Labels of an object of one component of one lakehouse. */
  public static Map<String, String> of(String lakehouse, String component, String appName) {
    Map<String, String> labels = new LinkedHashMap<>(selector(lakehouse, component));
    labels.put(NAME, appName);
    labels.put(PART_OF, "lakehouse");
    labels.put(MANAGED_BY, MANAGER);
    return labels;
  }

  /** The stable subset used in selectors (immutable on Deployments and StatefulSets). */
  public static Map<String, String> selector(String lakehouse, String component) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(INSTANCE, lakehouse);
    labels.put(COMPONENT, component);
    labels.put(LAKEHOUSE, lakehouse);
    return labels;
  }
}
