package dev.lakehouse.api.lakehouse;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import java.util.List;

/** Per-lakehouse image overrides; each empty one falls back to the operator's pinned default. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Images {
  public String seaweedfs;
  public String minio;

  @JsonPropertyDescription("The MinIO client image that creates the bucket.")
  public String minioClient;

  public String postgres;
  public String metastore;
  public String trino;

  @JsonPropertyDescription("The jobs image the IngestionRuns' Spark pods run.")
  public String jobs;

  public String pullPolicy;
  public List<LocalObjectReference> pullSecrets;
}
