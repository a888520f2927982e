package dev.lakehouse.operator.lakehouse;

import dev.lakehouse.api.lakehouse.CatalogSpec;
import dev.lakehouse.api.lakehouse.Images;
import dev.lakehouse.api.lakehouse.IngestionDefaults;
import dev.lakehouse.api.lakehouse.Lakehouse;
import dev.lakehouse.api.lakehouse.LakehouseSpec;
import dev.lakehouse.api.lakehouse.MetastoreSpec;
import dev.lakehouse.api.lakehouse.MinioSpec;
import dev.lakehouse.api.lakehouse.PostgresSpec;
import dev.lakehouse.api.lakehouse.SeaweedfsSpec;
import dev.lakehouse.api.lakehouse.TrinoSpec;
import dev.lakehouse.api.lakehouse.VolumeRetention;
import dev.lakehouse.config.MetastoreSettings;
import dev.lakehouse.config.S3Settings;
import dev.lakehouse.config.SeaweedfsCommand;
import dev.lakehouse.operator.OperatorSettings;
import dev.lakehouse.operator.k8s.Labels;
import dev.lakehouse.operator.k8s.Owners;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A Lakehouse spec with every default filled in and every reference resolved to names: the single
 * input of the pure model classes that build its Kubernetes objects.
 */
public final class LakehouseModel {
  public static final int POSTGRES_PORT = 5432;
  public static final int MINIO_PORT = 9000;
  public static final int MINIO_CONSOLE_PORT = 9001;
  public static final int SEAWEEDFS_S3_PORT = SeaweedfsCommand.Ports.defaults().s3();
  public static final int TRINO_PORT = 8080;
  public static final String DATABASE = "metastore";
  public static final String GENERATED_DB_USER = "metastore";

  private final Lakehouse lakehouse;
  private final LakehouseSpec spec;
  private final LakehouseNames names;
  private final OperatorSettings settings;
  private final String credentialsHash;

  public LakehouseModel(Lakehouse lakehouse, OperatorSettings settings, String credentialsHash) {
    this.lakehouse = lakehouse;
    this.spec = lakehouse.getSpec();
    this.names =
        new LakehouseNames(
            lakehouse.getMetadata().getName(), lakehouse.getMetadata().getNamespace());
    this.settings = settings;
    this.credentialsHash = credentialsHash;
  }

  public Lakehouse lakehouse() {
    return lakehouse;
  }

  public LakehouseNames names() {
    return names;
  }

  public String namespace() {
    return names.namespace();
  }

  public String credentialsHash() {
    return credentialsHash;
  }

  /** Which S3 server the lakehouse uses. */
  public enum StorageServer {
    SEAWEEDFS,
    MINIO,
    EXTERNAL
  }

  public StorageServer storageServer() {
    if (spec.storage.external != null) {
      return StorageServer.EXTERNAL;
    }
    return spec.storage.minio != null ? StorageServer.MINIO : StorageServer.SEAWEEDFS;
  }

  /** A deployed S3 server (SeaweedFS or MinIO), with generated credentials. */
  public boolean deploysStorage() {
    return storageServer() != StorageServer.EXTERNAL;
  }

  public boolean deploysMinio() {
    return storageServer() == StorageServer.MINIO;
  }

  public boolean deploysSeaweedfs() {
    return storageServer() == StorageServer.SEAWEEDFS;
  }

  public boolean deploysPostgres() {
    return catalog().external == null;
  }

  public String bucket() {
    return spec.storage.bucket;
  }

  public MinioSpec minio() {
    return Optional.ofNullable(spec.storage.minio).orElseGet(MinioSpec::new);
  }

  public SeaweedfsSpec seaweedfs() {
    return Optional.ofNullable(spec.storage.seaweedfs).orElseGet(SeaweedfsSpec::new);
  }

  public CatalogSpec catalog() {
    return Optional.ofNullable(spec.catalog).orElseGet(CatalogSpec::new);
  }

  public PostgresSpec postgres() {
    return Optional.ofNullable(catalog().postgres).orElseGet(PostgresSpec::new);
  }

  public MetastoreSpec metastore() {
    return Optional.ofNullable(spec.metastore).orElseGet(MetastoreSpec::new);
  }

  public TrinoSpec trino() {
    return Optional.ofNullable(spec.trino).orElseGet(TrinoSpec::new);
  }

  public IngestionDefaults ingestion() {
    return Optional.ofNullable(spec.ingestion).orElseGet(IngestionDefaults::new);
  }

  public VolumeRetention volumeRetention() {
    return Optional.ofNullable(spec.volumeRetention).orElse(VolumeRetention.Retain);
  }

  // --- where things are

  public String s3Endpoint() {
    return switch (storageServer()) {
      case SEAWEEDFS -> "http://" + names.host(names.seaweedfs()) + ":" + SEAWEEDFS_S3_PORT;
      case MINIO -> "http://" + names.host(names.minio()) + ":" + MINIO_PORT;
      case EXTERNAL -> spec.storage.external.endpoint;
    };
  }

  public S3Settings s3Settings() {
    if (deploysStorage()) {
      return S3Settings.of(s3Endpoint(), "us-east-1", true);
    }
    var external = spec.storage.external;
    return S3Settings.of(
        external.endpoint,
        Optional.ofNullable(external.region).orElse("us-east-1"),
        !Boolean.FALSE.equals(external.pathStyleAccess));
  }

  public String jdbcUrl() {
    return deploysPostgres()
        ? "jdbc:postgresql://" + names.host(names.postgres()) + ":" + POSTGRES_PORT + "/" + DATABASE
        : catalog().external.jdbcUrl;
  }

  public MetastoreSettings metastoreSettings() {
    return MetastoreSettings.of(jdbcUrl(), bucket(), s3Settings());
  }

  public String metastoreUri() {
    return "thrift://"
        + names.host(names.metastore())
        + ":"
        + MetastoreSettings.DEFAULT_THRIFT_PORT;
  }

  public String trinoUrl() {
    return "http://" + names.host(names.trino()) + ":" + TRINO_PORT;
  }

  public String trinoJdbcUrl() {
    return "jdbc:trino://"
        + names.host(names.trino())
        + ":"
        + TRINO_PORT
        + "/"
        + trino().catalogName;
  }

  // --- credentials

  public SecretKey s3AccessKey() {
    return deploysStorage()
        ? new SecretKey(names.storageSecret(), CredentialSecrets.ACCESS_KEY)
        : new SecretKey(
            spec.storage.external.credentialsSecret.name,
            spec.storage.external.credentialsSecret.accessKeyKey);
  }

  public SecretKey s3SecretKey() {
    return deploysStorage()
        ? new SecretKey(names.storageSecret(), CredentialSecrets.SECRET_KEY)
        : new SecretKey(
            spec.storage.external.credentialsSecret.name,
            spec.storage.external.credentialsSecret.secretKeyKey);
  }

  public SecretKey dbUser() {
    return deploysPostgres()
        ? new SecretKey(names.catalogSecret(), CredentialSecrets.USERNAME)
        : new SecretKey(
            catalog().external.credentialsSecret.name,
            catalog().external.credentialsSecret.usernameKey);
  }

  public SecretKey dbPassword() {
    return deploysPostgres()
        ? new SecretKey(names.catalogSecret(), CredentialSecrets.PASSWORD)
        : new SecretKey(
            catalog().external.credentialsSecret.name,
            catalog().external.credentialsSecret.passwordKey);
  }

  public SecretKey trinoSharedSecret() {
    return new SecretKey(names.trinoSecret(), CredentialSecrets.SHARED_SECRET);
  }

  /** S3 credentials under the variable names the rendered configuration refers to. */
  public List<EnvVar> s3Env() {
    S3Settings s3 = s3Settings();
    return List.of(s3AccessKey().asEnv(s3.accessKeyEnv()), s3SecretKey().asEnv(s3.secretKeyEnv()));
  }

  public List<EnvVar> databaseEnv() {
    MetastoreSettings metastore = metastoreSettings();
    return List.of(
        dbUser().asEnv(metastore.userEnv()), dbPassword().asEnv(metastore.passwordEnv()));
  }

  // --- images

  public String seaweedfsImage() {
    return image(i -> i.seaweedfs, settings.seaweedfsImage());
  }

  public String minioImage() {
    return image(i -> i.minio, settings.minioImage());
  }

  public String minioClientImage() {
    return image(i -> i.minioClient, settings.minioClientImage());
  }

  public String postgresImage() {
    return image(i -> i.postgres, settings.postgresImage());
  }

  public String metastoreImage() {
    return image(i -> i.metastore, settings.metastoreImage());
  }

  public String trinoImage() {
    return image(i -> i.trino, settings.trinoImage());
  }

  public String jobsImage() {
    return Optional.ofNullable(ingestion().image)
        .orElseGet(() -> image(i -> i.jobs, settings.jobsImage()));
  }

  public String pullPolicy() {
    return image(i -> i.pullPolicy, settings.imagePullPolicy());
  }

  public List<LocalObjectReference> pullSecrets() {
    return Optional.ofNullable(spec.images).map(i -> i.pullSecrets).orElse(List.of());
  }

  private String image(Function<Images, String> override, String fallback) {
    return Optional.ofNullable(spec.images)
        .map(override)
        .filter(s -> !s.isBlank())
        .orElse(fallback);
  }

  // --- metadata

  /** Metadata of an object the Lakehouse owns. */
  public ObjectMeta ownedMeta(String name, Component component) {
    return new ObjectMetaBuilder(unownedMeta(name, component))
        .withOwnerReferences(Owners.controllerReference(lakehouse))
        .build();
  }

  /** Metadata of an object that may outlive the Lakehouse (retained credentials). */
  public ObjectMeta unownedMeta(String name, Component component) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(namespace())
        .withLabels(labels(component))
        .build();
  }

  public java.util.Map<String, String> labels(Component component) {
    return Labels.of(names.lakehouse(), component.label(), component.appName());
  }

  public java.util.Map<String, String> selector(Component component) {
    return Labels.selector(names.lakehouse(), component.label());
  }
}
