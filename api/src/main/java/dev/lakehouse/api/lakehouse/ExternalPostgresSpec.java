package dev.lakehouse.api.lakehouse;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** An existing Postgres database for the metastore. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExternalPostgresSpec {
  @Required
  @Pattern("^jdbc:postgresql://[^\\s]+$")
  @JsonPropertyDescription("JDBC URL, for example jdbc:postgresql://db.example:5432/metastore")
  public String jdbcUrl;

  @Required
  @JsonPropertyDescription("Secret with the database user name and password.")
  public DatabaseCredentialsRef credentialsSecret;
}
