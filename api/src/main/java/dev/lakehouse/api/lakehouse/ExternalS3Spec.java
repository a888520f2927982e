package dev.lakehouse.api.lakehouse;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.lakehouse.api.common.Patterns;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** An existing S3-compatible endpoint. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExternalS3Spec {
  @Required
  @Pattern(Patterns.HTTP_URL)
  @JsonPropertyDescription(
      "Endpoint URL, for example https://s3.eu-west-1.amazonaws.com or http://seaweedfs.storage:8333.")
  public String endpoint;

  @Default("us-east-1")
  public String region = "us-east-1";

  @Default("true")
  @JsonPropertyDescription(
      "Address buckets as endpoint/bucket (needed by most S3-compatible servers).")
  public Boolean pathStyleAccess = true;

  @Required
  @JsonPropertyDescription("Secret with the access key and secret key.")
  public S3CredentialsRef credentialsSecret;
}
