package dev.lakehouse.api.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** Observed state of an IngestionRun. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IngestionRunStatus {
  public Long observedGeneration;
  public RunPhase phase;
  public List<Condition> conditions;

  /** "committed/total" batches, derived from the checkpoint. */
  public String progress;

  /** Attempts started (the first run plus retries). */
  public Integer attempts;

  public Integer infrastructureFailures;
  public Integer applicationFailures;

  public Checkpoint checkpoint;

  public String jobName;
  public String startTime;

  /** When the run fails with reason Timeout if it has not finished: startTime plus spec.timeout. */
  public String deadline;

  public String completionTime;
  public String nextRetryTime;

  /** What happened last, in words. */
  public String message;

  /** The most recent transitions, oldest first, bounded. */
  public List<Transition> history;

  /** One state change. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Transition {
    public RunPhase phase;
    public String time;
    public String reason;
    public String message;
  }
}
