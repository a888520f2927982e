package dev.lakehouse.operator;

import java.util.Map;
import java.util.Optional;

/**
 * Operator-wide settings from the environment (the Helm chart sets them): the pinned default image
 * of every component, overridable for a private registry, and how many Trino queries run at once
 * (each holds a worker thread while Trino works).
 */
public record OperatorSettings(
    String seaweedfsImage,
    String minioImage,
    String minioClientImage,
    String postgresImage,
    String metastoreImage,
    String trinoImage,
    String jobsImage,
    String imagePullPolicy,
    int queryWorkerThreads) {

  /** The release whose code scripts/seaweedfs-binary.sh builds for the tests (weed version). */
  public static final String DEFAULT_SEAWEEDFS = "docker.io/chrislusf/seaweedfs:4.53";

  public static final String DEFAULT_MINIO = "quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z";
  public static final String DEFAULT_MINIO_CLIENT = "quay.io/minio/mc:RELEASE.2025-08-13T08-35-41Z";
  public static final String DEFAULT_POSTGRES = "docker.io/library/postgres:17.11";
  public static final String DEFAULT_METASTORE = "ghcr.io/lakehouse-dev/lakehouse-metastore:0.1.0";
  public static final String DEFAULT_TRINO = "docker.io/trinodb/trino:476";
  public static final String DEFAULT_JOBS = "ghcr.io/lakehouse-dev/lakehouse-jobs:0.1.0";

  public static OperatorSettings defaults() {
    return fromEnvironment(Map.of());
  }

  public static OperatorSettings fromEnvironment(Map<String, String> env) {
    return new OperatorSettings(
        value(env, "LAKEHOUSE_IMAGE_SEAWEEDFS", DEFAULT_SEAWEEDFS),
        value(env, "LAKEHOUSE_IMAGE_MINIO", DEFAULT_MINIO),
        value(env, "LAKEHOUSE_IMAGE_MINIO_CLIENT", DEFAULT_MINIO_CLIENT),
        value(env, "LAKEHOUSE_IMAGE_POSTGRES", DEFAULT_POSTGRES),
        value(env, "LAKEHOUSE_IMAGE_METASTORE", DEFAULT_METASTORE),
        value(env, "LAKEHOUSE_IMAGE_TRINO", DEFAULT_TRINO),
        value(env, "LAKEHOUSE_IMAGE_JOBS", DEFAULT_JOBS),
        value(env, "LAKEHOUSE_IMAGE_PULL_POLICY", "IfNotPresent"),
        Integer.parseInt(value(env, "LAKEHOUSE_QUERY_WORKERS", "4")));
  }

  private static String value(Map<String, String> env, String name, String fallback) {
    return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank()).orElse(fallback);
  }
}
