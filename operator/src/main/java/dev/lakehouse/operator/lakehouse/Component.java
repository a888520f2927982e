package dev.lakehouse.operator.lakehouse;

/** The parts of a lakehouse; the value is the app.kubernetes.io/component label. */
public enum Component {
  POSTGRES("postgres", "postgres"),
  METASTORE("metastore", "hive-metastore"),
  SEAWEEDFS("seaweedfs", "seaweedfs"),
  MINIO("minio", "minio"),
  MINIO_BUCKET("minio-bucket", "minio"),
  TRINO_COORDINATOR("trino-coordinator", "trino"),
  TRINO_WORKER("trino-worker", "trino"),
  CREDENTIALS("credentials", "lakehouse");

  private final String label;
  private final String appName;

  Component(String label, String appName) {
    this.label = label;
    this.appName = appName;
  }

  public String label() {
    return label;
  }

  public String appName() {
    return appName;
  }
}
