package dev.lakehouse.api.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Retries per failure class; each retry resumes from the checkpoint. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RetryBudget {
  @Default("5")
  @Min(0)
  @Max(50)
  @JsonPropertyDescription("Retries after evictions, OOM kills, image pull errors or lost nodes.")
  public Integer infrastructure = 5;

  @Default("1")
  @Min(0)
  @Max(20)
  @JsonPropertyDescription(
      "Retries after failures of the job itself (bad configuration, too many rejected rows).")
  public Integer application = 1;

  @Default("10")
  @Min(1)
  @Max(3600)
  @JsonPropertyDescription("First back-off in seconds; it doubles with each retry.")
  public Integer backoffSeconds = 10;
}
