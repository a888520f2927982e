package dev.lakehouse.api.lakehouse;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** A MinIO server deployed for the lakehouse. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MinioSpec {
  @Default("20Gi")
  @JsonPropertyDescription("Size of the data volume.")
  public Quantity size = new Quantity("20Gi");

  @JsonPropertyDescription("Storage class of the data volume (the cluster default when empty).")
  public String storageClassName;

  public ResourceRequirements resources;
}
