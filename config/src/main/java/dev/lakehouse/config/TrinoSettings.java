package dev.lakehouse.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** What the Trino configuration files of one node say. */
public record TrinoSettings(
    TrinoRole role,
    String environment,
    int httpPort,
    String discoveryUri,
    int workers,
    TrinoMemory memory,
    int shutdownGracePeriodSeconds,
    String etcDir,
    String dataDir,
    String catalogName,
    String metastoreUri,
    S3Settings s3,
    String sharedSecretEnv,
    String adminUser,
    String readOnlyUser,
    Map<String, String> additionalConfig) {

  public static final String DEFAULT_SHARED_SECRET_ENV = "LAKEHOUSE_TRINO_SHARED_SECRET";
  public static final String ADMIN_USER = "admin";
  public static final String READ_ONLY_USER = "lakehouse-query";

  public TrinoSettings {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(discoveryUri, "discoveryUri");
    Objects.requireNonNull(memory, "memory");
    Objects.requireNonNull(etcDir, "etcDir");
    Objects.requireNonNull(catalogName, "catalogName");
    Objects.requireNonNull(metastoreUri, "metastoreUri");
    Objects.requireNonNull(s3, "s3");
    additionalConfig = additionalConfig == null ? Map.of() : new LinkedHashMap<>(additionalConfig);
  }

  public static Builder builder() {
    return new Builder();
  }

  public TrinoSettings withRole(TrinoRole newRole, TrinoMemory newMemory) {
    return new TrinoSettings(
        newRole,
        environment,
        httpPort,
        discoveryUri,
        workers,
        newMemory,
        shutdownGracePeriodSeconds,
        etcDir,
        dataDir,
        catalogName,
        metastoreUri,
        s3,
        sharedSecretEnv,
        adminUser,
        readOnlyUser,
        additionalConfig);
  }

  /** Builder with the defaults of the Trino container image. */
  public static final class Builder {
    private TrinoRole role = TrinoRole.COORDINATOR;
    private String environment = "lakehouse";
    private int httpPort = 8080;
    private String discoveryUri;
    private int workers = 1;
    private TrinoMemory memory;
    private int shutdownGracePeriodSeconds = 60;
    private String etcDir = "/etc/trino";
    private String dataDir = "/data/trino";
    private String catalogName = "lakehouse";
    private String metastoreUri;
    private S3Settings s3;
    private String sharedSecretEnv = DEFAULT_SHARED_SECRET_ENV;
    private Map<String, String> additionalConfig = Map.of();

    public Builder role(TrinoRole value) {
      role = value;
      return this;
    }

    public Builder environment(String value) {
      environment = value;
      return this;
    }

    public Builder httpPort(int value) {
      httpPort = value;
      return this;
    }

    public Builder discoveryUri(String value) {
      discoveryUri = value;
      return this;
    }

    public Builder workers(int value) {
      workers = value;
      return this;
    }

    public Builder memory(TrinoMemory value) {
      memory = value;
      return this;
    }

    public Builder shutdownGracePeriodSeconds(int value) {
      shutdownGracePeriodSeconds = value;
      return this;
    }

    public Builder etcDir(String value) {
      etcDir = value;
      return this;
    }

    public Builder dataDir(String value) {
      dataDir = value;
      return this;
    }

    public Builder catalogName(String value) {
      catalogName = value;
      return this;
    }

    public Builder metastoreUri(String value) {
      metastoreUri = value;
      return this;
    }

    public Builder s3(S3Settings value) {
      s3 = value;
      return this;
    }

    public Builder sharedSecretEnv(String value) {
      sharedSecretEnv = value;
      return this;
    }

    public Builder additionalConfig(Map<String, String> value) {
      additionalConfig = value;
      return this;
    }

    public TrinoSettings build() {
      return new TrinoSettings(
          role,
          environment,
          httpPort,
          discoveryUri,
          workers,
          memory,
          shutdownGracePeriodSeconds,
          etcDir,
          dataDir,
          catalogName,
          metastoreUri,
          s3,
          sharedSecretEnv,
          ADMIN_USER,
          READ_ONLY_USER,
          additionalConfig);
    }
  }
}
