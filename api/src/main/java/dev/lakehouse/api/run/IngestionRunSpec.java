package dev.lakehouse.api.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.lakehouse.api.common.Patterns;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.Map;

/**
 * What to ingest and with what resources. Everything but {@code suspend} is fixed at creation: the
 * checkpoint of a run is only meaningful for the plan it was made from.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "has(self.retries) == has(oldSelf.retries)"
            + " && has(self.resources) == has(oldSelf.resources)"
            + " && has(self.executorResources) == has(oldSelf.executorResources)"
            + " && has(self.sparkConf) == has(oldSelf.sparkConf)"
            + " && has(self.image) == has(oldSelf.image)",
    message =
        "an IngestionRun's spec cannot change after creation (only spec.suspend can): create a new run")
public class IngestionRunSpec {
  static final String IMMUTABLE =
      "an IngestionRun's spec cannot change after creation (only spec.suspend can): create a new run";

  @Required
  @Pattern(Patterns.K8S_NAME)
  @Size(max = 63)
  @ValidationRule(value = "self == oldSelf", message = IMMUTABLE)
  @JsonPropertyDescription("Name of the Dataset (same namespace) to ingest.")
  public String dataset;

  @Default("5000")
  @Min(1)
  @Max(1000000)
  @ValidationRule(value = "self == oldSelf", message = IMMUTABLE)
  @JsonPropertyDescription("Files per batch; each batch is one Delta commit and one checkpoint.")
  public Integer batchSize = 5000;

  @Default("incremental")
  @ValidationRule(value = "self == oldSelf", message = IMMUTABLE)
  public RunMode mode = RunMode.incremental;

  @ValidationRule(value = "self == oldSelf", message = IMMUTABLE)
  public RetryBudget retries;

  @Default("0")
  @Min(0)
  @Max(200)
  @ValidationRule(value = "self == oldSelf", message = IMMUTABLE)
  @JsonPropertyDescription(
      "0 runs Spark in local mode inside the pod; more runs Spark on Kubernetes with this many executor pods.")
  public Integer executors = 0;

  @ValidationRule(value = "self == oldSelf", message = IMMUTABLE)
  @JsonPropertyDescription(
      "Resources of the driver pod (defaults to the Lakehouse's ingestion resources).")
  public ResourceRequirements resources;

  @ValidationRule(value = "self == oldSelf", message = IMMUTABLE)
  public ResourceRequirements executorResources;

  @Size(max = 100)
  @ValidationRule(value = "self == oldSelf", message = IMMUTABLE)
  @JsonPropertyDescription("Spark configuration for this run, over the Lakehouse defaults.")
  public Map<String, String> sparkConf;

  @ValidationRule(value = "self == oldSelf", message = IMMUTABLE)
  @JsonPropertyDescription("Jobs image for this run (defaults to the Lakehouse's).")
  public String image;

  @JsonPropertyDescription(
      "Stop the run's pods; committed batches stay committed and a resume continues after them.")
  public Boolean suspend;

  @Default("12h")
  @Size(min = 2, max = 16)
  @Pattern("^([0-9]+h)?([0-9]+m)?([0-9]+s)?$")
  @ValidationRule(value = "self == oldSelf", message = IMMUTABLE)
  @JsonPropertyDescription(
      "How long the run may take from the start of its first attempt, retries and pods waiting"
          + " to be scheduled included (e.g. 2h, 90m, 1h30m); past it the run fails with reason"
          + " Timeout, and its committed batches stay committed.")
  public String timeout = "12h";
}
