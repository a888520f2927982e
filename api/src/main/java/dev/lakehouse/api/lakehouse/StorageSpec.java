package dev.lakehouse.api.lakehouse;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.lakehouse.api.common.Patterns;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** Object storage: a deployed SeaweedFS (the default) or MinIO, or an external S3 endpoint. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "[has(self.seaweedfs), has(self.minio), has(self.external)].filter(x, x).size() <= 1",
    message = "set at most one of storage.seaweedfs, storage.minio and storage.external")
// The deployed server keeps the tables in its own volume: switching between the two would start
// an empty one. To or from external is allowed, for data moved by the user. Naming MinIO on a spec
// that named no server is allowed here (it is how a Lakehouse of the former default, MinIO, keeps
// it); the operator refuses it when SeaweedFS runs.
@ValidationRule(
    value =
        "(!has(oldSelf.minio) || has(self.minio) || has(self.external)) && (!has(oldSelf.seaweedfs) || !has(self.minio))",
    message =
        "the deployed storage server cannot change between SeaweedFS and MinIO: each keeps the tables in its own volume; move the data to a new Lakehouse instead")
public class StorageSpec {
  @Required
  @Pattern(Patterns.BUCKET)
  @JsonPropertyDescription("The bucket that holds the tables (created in a deployed server).")
  public String bucket;

  @JsonPropertyDescription("Deploy SeaweedFS (the default when neither minio nor external is set).")
  public SeaweedfsSpec seaweedfs;

  @JsonPropertyDescription(
      "Deploy MinIO instead (its last published image is from September 2025).")
  public MinioSpec minio;

  @JsonProperty
  @JsonPropertyDescription("Use an existing S3-compatible endpoint instead of deploying a server.")
  public ExternalS3Spec external;
}
