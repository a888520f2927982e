package dev.lakehouse.operator.lakehouse;

import dev.lakehouse.api.lakehouse.CatalogSpec;
import dev.lakehouse.api.lakehouse.DatabaseCredentialsRef;
import dev.lakehouse.api.lakehouse.ExternalPostgresSpec;
import dev.lakehouse.api.lakehouse.ExternalS3Spec;
import dev.lakehouse.api.lakehouse.Lakehouse;
import dev.lakehouse.api.lakehouse.LakehouseSpec;
import dev.lakehouse.api.lakehouse.MinioSpec;
import dev.lakehouse.api.lakehouse.S3CredentialsRef;
import dev.lakehouse.api.lakehouse.StorageSpec;
import dev.lakehouse.api.lakehouse.TrinoSpec;
import dev.lakehouse.operator.OperatorSettings;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;

/** Lakehouse specs for tests. */
public final class Lakehouses {
  private Lakehouses() {}

  /** The default: SeaweedFS, Postgres, metastore, Trino with one worker. */
  public static Lakehouse demo(String name, String namespace) {
    Lakehouse lakehouse = new Lakehouse();
    lakehouse.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(namespace)
            .withUid("uid-" + name)
            .withGeneration(1L)
            .build());
    LakehouseSpec spec = new LakehouseSpec();
    spec.storage = new StorageSpec();
    spec.storage.bucket = "lakehouse";
    lakehouse.setSpec(spec);
    return lakehouse;
  }

  /** MinIO deployed instead of SeaweedFS. */
  public static Lakehouse withMinio(Lakehouse lakehouse) {
    lakehouse.getSpec().storage.minio = new MinioSpec();
    return lakehouse;
  }

  public static Lakehouse withExternalS3(Lakehouse lakehouse, String secret) {
    ExternalS3Spec external = new ExternalS3Spec();
    external.endpoint = "https://s3.eu-west-1.amazonaws.com";
    external.region = "eu-west-1";
    external.pathStyleAccess = false;
    external.credentialsSecret = new S3CredentialsRef();
    external.credentialsSecret.name = secret;
    external.credentialsSecret.accessKeyKey = "AWS_ACCESS_KEY_ID";
    external.credentialsSecret.secretKeyKey = "AWS_SECRET_ACCESS_KEY";
    lakehouse.getSpec().storage.external = external;
    return lakehouse;
  }

  public static Lakehouse withExternalPostgres(Lakehouse lakehouse, String secret) {
    CatalogSpec catalog = new CatalogSpec();
    catalog.external = new ExternalPostgresSpec();
    catalog.external.jdbcUrl = "jdbc:postgresql://db.example:5432/hms?sslmode=require";
    catalog.external.credentialsSecret = new DatabaseCredentialsRef();
    catalog.external.credentialsSecret.name = secret;
    lakehouse.getSpec().catalog = catalog;
    return lakehouse;
  }

  public static Lakehouse withTrino(Lakehouse lakehouse, int workers, String memory) {
    TrinoSpec trino = new TrinoSpec();
    trino.workers = workers;
    trino.resources =
        new ResourceRequirementsBuilder()
            .addToRequests("cpu", new Quantity("1"))
            .addToRequests("memory", new Quantity(memory))
            .addToLimits("memory", new Quantity(memory))
            .build();
    lakehouse.getSpec().trino = trino;
    return lakehouse;
  }

  public static LakehouseModel model(Lakehouse lakehouse) {
    return new LakehouseModel(lakehouse, OperatorSettings.defaults(), "hash0");
  }
}
