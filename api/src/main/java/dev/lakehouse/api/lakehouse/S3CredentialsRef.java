package dev.lakehouse.api.lakehouse;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.lakehouse.api.common.SecretRef;
import io.fabric8.generator.annotation.Default;

/** A Secret holding S3 credentials, and the keys to read in it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class S3CredentialsRef extends SecretRef {
  @Default("accessKey")
  public String accessKeyKey = "accessKey";

  @Default("secretKey")
  public String secretKeyKey = "secretKey";
}
