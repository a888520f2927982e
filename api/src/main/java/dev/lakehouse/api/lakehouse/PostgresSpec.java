package dev.lakehouse.api.lakehouse;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** A Postgres server deployed for the metastore. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "has(self.storageClassName) == has(oldSelf.storageClassName) && (!has(self.storageClassName) || self.storageClassName == oldSelf.storageClassName)",
    message =
        "storageClassName cannot change: the volume exists in its class; move the data to a new Lakehouse to change it")
public class PostgresSpec {
  @Default("5Gi")
  @JsonPropertyDescription("Size of the data volume.")
  public Quantity size = new Quantity("5Gi");

  public String storageClassName;

  public ResourceRequirements resources;
}
