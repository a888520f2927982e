package dev.lakehouse.api.lakehouse;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** The relational database behind the Hive Metastore. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!(has(self.postgres) && has(self.external))",
    message = "set either catalog.postgres or catalog.external, not both")
public class CatalogSpec {
  @JsonPropertyDescription("Deploy Postgres (the default when external is not set).")
  public PostgresSpec postgres;

  @JsonPropertyDescription("Use an existing Postgres database.")
  public ExternalPostgresSpec external;
}
