package dev.lakehouse.api.lakehouse;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import dev.lakehouse.api.common.SecretRef;

/** A Secret holding S3 credentials, and the keys to read in it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class S3CredentialsRef extends SecretRef {
  @Default("accessKey")
  public String accessKeyKey = "accessKey";

  @Default("secretKey")
  public String secretKeyKey = "secretKey";
}
