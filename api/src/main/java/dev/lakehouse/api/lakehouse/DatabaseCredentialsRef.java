package dev.lakehouse.api.lakehouse;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.lakehouse.api.common.SecretRef;
import io.fabric8.generator.annotation.Default;

/** A Secret holding a database user name and password, and the keys to read in it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DatabaseCredentialsRef extends SecretRef {
  @Default("username")
  public String usernameKey = "username";

  @Default("password")
  public String passwordKey = "password";
}
