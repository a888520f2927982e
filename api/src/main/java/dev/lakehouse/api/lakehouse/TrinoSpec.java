package dev.lakehouse.api.lakehouse;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.lakehouse.api.common.Patterns;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.Map;

/** The Trino cluster: one coordinator and N workers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrinoSpec {
  @Default("1")
  @Min(0)
  @Max(100)
  @JsonPropertyDescription("Number of worker pods; 0 lets the coordinator run the queries itself.")
  public Integer workers = 1;

  @JsonPropertyDescription(
      "Resources of each worker; the JVM heap is derived from the memory limit.")
  public ResourceRequirements resources;

  @JsonPropertyDescription("Resources of the coordinator (defaults to the workers' resources).")
  public ResourceRequirements coordinatorResources;

  @Default("lakehouse")
  @Pattern(Patterns.SQL_IDENTIFIER)
  @JsonPropertyDescription("Name of the Delta Lake catalog in Trino.")
  public String catalogName = "lakehouse";

  @Default("60")
  @Min(0)
  @Max(3600)
  @JsonPropertyDescription(
      "How long a stopping worker waits for running queries (shutdown.grace-period).")
  public Integer shutdownGracePeriodSeconds = 60;

  @JsonPropertyDescription(
      "The Service of the coordinator: ClusterIP, or NodePort for kind port mappings.")
  public TrinoServiceSpec service;

  @Size(max = 64)
  @JsonPropertyDescription("Extra lines for config.properties of every Trino node.")
  public Map<String, String> additionalConfig;
}
