package dev.lakehouse.api.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A cron schedule, as in a Kubernetes CronJob. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Schedule {
  @Required
  @Pattern(Patterns.CRON)
  @JsonPropertyDescription(
      "Cron expression with five fields (minute hour day-of-month month day-of-week) or @hourly, @daily, ...")
  public String cron;

  @Default("UTC")
  @JsonPropertyDescription("IANA time zone the cron expression is read in.")
  public String timeZone = "UTC";

  @JsonPropertyDescription("Stop creating new runs without deleting the schedule.")
  public Boolean suspend;
}
