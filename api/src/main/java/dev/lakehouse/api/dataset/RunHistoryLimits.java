package dev.lakehouse.api.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** How many finished runs to keep, like a CronJob's history limits. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunHistoryLimits {
  @Default("3")
  @Min(0)
  @Max(100)
  public Integer successfulRunsToKeep = 3;

  @Default("1")
  @Min(0)
  @Max(100)
  public Integer failedRunsToKeep = 1;
}
