package dev.lakehouse.api.common;

/** Condition types used by the lakehouse resources. */
public final class ConditionTypes {
  public static final String READY = "Ready";
  public static final String STORAGE_READY = "StorageReady";
  public static final String CATALOG_READY = "CatalogReady";
  public static final String METASTORE_READY = "MetastoreReady";
  public static final String TRINO_READY = "TrinoReady";

  /** A Lakehouse's objects: False names each object the API server refused, with its reason. */
  public static final String APPLIED = "Applied";

  /** Job-like terminal conditions, so {@code kubectl wait --for=condition=Complete} works. */
  public static final String COMPLETE = "Complete";

  public static final String FAILED = "Failed";

  /** An IngestionRun's pod, as the scheduler placed it or not (with the scheduler's reason). */
  public static final String POD_SCHEDULED = "PodScheduled";

  private ConditionTypes() {}
}
