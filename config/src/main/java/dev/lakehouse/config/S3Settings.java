package dev.lakehouse.config;

import java.util.Objects;

/**
 * How a component reaches object storage. Credentials are never values here, only the names of
 * environment variables the process gets them from, so rendered files can sit in ConfigMaps.
 */
public record S3Settings(
    String endpoint,
    String region,
    boolean pathStyleAccess,
    String accessKeyEnv,
    String secretKeyEnv) {

  public static final String DEFAULT_ACCESS_KEY_ENV = "LAKEHOUSE_S3_ACCESS_KEY";
  public static final String DEFAULT_SECRET_KEY_ENV = "LAKEHOUSE_S3_SECRET_KEY";

  public S3Settings {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(accessKeyEnv, "accessKeyEnv");
    Objects.requireNonNull(secretKeyEnv, "secretKeyEnv");
  }

  public static S3Settings of(String endpoint, String region, boolean pathStyleAccess) {
    return new S3Settings(
        endpoint, region, pathStyleAccess, DEFAULT_ACCESS_KEY_ENV, DEFAULT_SECRET_KEY_ENV);
  }

  public boolean sslEnabled() {
    return endpoint.startsWith("https://");
  }
}
