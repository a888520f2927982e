package dev.lakehouse.api.lakehouse;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.Map;

/** Defaults for the Spark pods that IngestionRuns start. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IngestionDefaults {
  @JsonPropertyDescription("The jobs image (defaults to the operator's configured jobs image).")
  public String image;

  public ResourceRequirements resources;

  @Size(max = 100)
  @JsonPropertyDescription("Spark configuration applied to every run (a run's own sparkConf wins).")
  public Map<String, String> sparkConf;
}
