package dev.lakehouse.api.lakehouse;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/**
 * A SeaweedFS server (S3 gateway, filer and volume server in one pod) deployed for the lakehouse.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "has(self.storageClassName) == has(oldSelf.storageClassName) && (!has(self.storageClassName) || self.storageClassName == oldSelf.storageClassName)",
    message =
        "storageClassName cannot change: the volume exists in its class; move the data to a new Lakehouse to change it")
public class SeaweedfsSpec {
  @Default("20Gi")
  @JsonPropertyDescription("Size of the data volume.")
  public Quantity size = new Quantity("20Gi");

  @JsonPropertyDescription("Storage class of the data volume (the cluster default when empty).")
  public String storageClassName;

  public ResourceRequirements resources;
}
