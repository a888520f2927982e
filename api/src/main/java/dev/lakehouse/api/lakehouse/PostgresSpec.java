package dev.lakehouse.api.lakehouse;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** A Postgres server deployed for the metastore. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PostgresSpec {
  @Default("5Gi")
  @JsonPropertyDescription("Size of the data volume.")
  public Quantity size = new Quantity("5Gi");

  public String storageClassName;

  public ResourceRequirements resources;
}
