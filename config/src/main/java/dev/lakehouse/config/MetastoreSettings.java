package dev.lakehouse.config;

import java.util.Map;
import java.util.Objects;

/** Everything metastore-site.xml says; database credentials come from environment variables. */
public record MetastoreSettings(
    String jdbcUrl,
    String userEnv,
    String passwordEnv,
    String warehouseDir,
    int thriftPort,
    S3Settings s3,
    Map<String, String> extraProperties) {

  public static final String DEFAULT_USER_ENV = "LAKEHOUSE_DB_USER";
  public static final String DEFAULT_PASSWORD_ENV = "LAKEHOUSE_DB_PASSWORD";
  public static final int DEFAULT_THRIFT_PORT = 9083;

  /** The project's metastore image: its launcher ({@code schema}, {@code serve}). */
  public static final String IMAGE_LAUNCHER = "/opt/lakehouse/metastore/bin/metastore";

  /** Where that launcher reads metastore-site.xml (its METASTORE_CONF_DIR default). */
  public static final String IMAGE_CONF_DIR = "/etc/lakehouse/metastore";

  public MetastoreSettings {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(warehouseDir, "warehouseDir");
    Objects.requireNonNull(s3, "s3");
    extraProperties = extraProperties == null ? Map.of() : Map.copyOf(extraProperties);
  }

  public static MetastoreSettings of(String jdbcUrl, String bucket, S3Settings s3) {
    return new MetastoreSettings(
        jdbcUrl,
        DEFAULT_USER_ENV,
        DEFAULT_PASSWORD_ENV,
        "s3a://" + bucket + "/",
        DEFAULT_THRIFT_PORT,
        s3,
        Map.of());
  }
}
