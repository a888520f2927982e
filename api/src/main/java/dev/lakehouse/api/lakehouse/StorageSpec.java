package dev.lakehouse.api.lakehouse;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.lakehouse.api.common.Patterns;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** Object storage: a deployed MinIO, or an external S3-compatible endpoint. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!(has(self.minio) && has(self.external))",
    message = "set either storage.minio or storage.external, not both")
public class StorageSpec {
  @Required
  @Pattern(Patterns.BUCKET)
  @JsonPropertyDescription("The bucket that holds the tables (created in a deployed MinIO).")
  public String bucket;

  @JsonPropertyDescription("Deploy MinIO (the default when external is not set).")
  public MinioSpec minio;

  @JsonProperty
  @JsonPropertyDescription("Use an existing S3-compatible endpoint instead of deploying MinIO.")
  public ExternalS3Spec external;
}
