package dev.lakehouse.jobs.pod;

/** job.json documents as the operator writes them, shared by the pod tests. */
final class JobConfigs {
  private JobConfigs() {}

  static final String INGEST =
      """
      {
        "task": "ingest",
        "namespace": "analytics",
        "runName": "raygun-errors-20250101",
        "runId": "0b6c1a8e-4c1e-4c4e-9d59-0d6f6f0a7f11",
        "datasetName": "raygun-errors",
        "dataset": {
          "lakehouse": "demo",
          "layer": "bronze",
          "table": {"schema": "bronze", "name": "raygun_errors"},
          "source": {"files": {"prefix": "landing/raygun/", "format": "json", "multiLine": true}},
          "maxRejectedFraction": "0.01",
          "write": {"mode": "append"}
        },
        "run": {"dataset": "raygun-errors", "batchSize": 500, "mode": "incremental"},
        "storage": {
          "endpoint": "http://demo-minio.analytics.svc:9000",
          "region": "us-east-1",
          "pathStyleAccess": true,
          "bucket": "lakehouse"
        },
        "metastoreUri": "thrift://demo-metastore.analytics.svc:9083",
        "sparkConf": {"spark.sql.shuffle.partitions": "16"}
      }
      """;

  static final String EXECUTORS =
      """
      {
        "instances": 3,
        "image": "ghcr.io/lakehouse/jobs:0.1.0",
        "imagePullPolicy": "IfNotPresent",
        "serviceAccount": "demo-ingestion",
        "cores": 2,
        "memory": "4g",
        "labels": {"lakehouse.dev/run": "raygun-errors-20250101", "app.kubernetes.io/part-of": "demo"}
      }
      """;

  static final String DROP_TABLE =
      """
      {
        "task": "dropTable",
        "namespace": "analytics",
        "datasetName": "raygun-errors",
        "dataset": {
          "lakehouse": "demo",
          "layer": "bronze",
          "table": {"schema": "bronze", "name": "raygun_errors"},
          "source": {"files": {"prefix": "landing/raygun/", "format": "json"}}
        },
        "storage": {"endpoint": "http://demo-minio.analytics.svc:9000", "pathStyleAccess": true, "bucket": "lakehouse"},
        "metastoreUri": "thrift://demo-metastore.analytics.svc:9083"
      }
      """;

  static String withExecutors(String job) {
    String trimmed = job.strip();
    return trimmed.substring(0, trimmed.length() - 1) + ", \"executors\": " + EXECUTORS + "}";
  }
}
