package dev.lakehouse.api.lakehouse;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** The Hive Metastore deployment. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MetastoreSpec {
  @Default("1")
  @Min(1)
  @Max(5)
  public Integer replicas = 1;

  public ResourceRequirements resources;
}
