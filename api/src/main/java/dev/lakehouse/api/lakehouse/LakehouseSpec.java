package dev.lakehouse.api.lakehouse;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** What a lakehouse is made of. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LakehouseSpec {
  @Required
  @JsonPropertyDescription(
      "Object storage for the tables: a deployed SeaweedFS (default) or MinIO, or an external S3 endpoint.")
  public StorageSpec storage;

  @JsonPropertyDescription(
      "The metastore's database: a deployed Postgres (default) or an external one.")
  public CatalogSpec catalog;

  @JsonPropertyDescription("The Hive Metastore (thrift) that Spark and Trino share.")
  public MetastoreSpec metastore;

  @JsonPropertyDescription("The Trino cluster that answers queries.")
  public TrinoSpec trino;

  @JsonPropertyDescription("Defaults for the Spark pods of IngestionRuns in this lakehouse.")
  public IngestionDefaults ingestion;

  @JsonPropertyDescription("Image overrides for the deployed components (for a private registry).")
  public Images images;

  @Default("Retain")
  @JsonPropertyDescription(
      "What happens to the storage and Postgres volumes and the generated credentials when the Lakehouse is deleted.")
  public VolumeRetention volumeRetention = VolumeRetention.Retain;
}
