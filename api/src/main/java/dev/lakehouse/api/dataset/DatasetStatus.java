package dev.lakehouse.api.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.lakehouse.api.common.Column;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Map;

/** Observed state of a Dataset: the table and its runs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DatasetStatus {
  public Long observedGeneration;
  public List<Condition> conditions;
  public TableStatus table;
  public RunSummary lastRun;
  public String activeRun;
  public String lastScheduleTime;
  public String nextScheduleTime;

  @JsonPropertyDescription(
      "For runAfterUpstream: per upstream Dataset, the name of its last run that this Dataset"
          + " followed.")
  public Map<String, String> followedRuns;

  @JsonPropertyDescription(
      "For runAfterUpstream: why new upstream data is not followed yet (an upstream still writing,"
          + " or an upstream table that does not exist); empty otherwise.")
  public String upstreamWait;

  /** Facts about the Delta table. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class TableStatus {
    /** schema.table, as Spark and Trino name it. */
    public String name;

    public String location;
    public List<Column> columns;
    public Long rowCount;
    public Long deltaVersion;

    /** Files the latest successful run ingested. */
    public Long filesIngested;

    /** When the latest successful run, whose checkpoint these facts come from, finished. */
    public String updatedAt;
  }

  /** The outcome of a run. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class RunSummary {
    public String name;
    public String phase;
    public String startTime;
    public String completionTime;
    public Long rowsWritten;
    public String message;
  }
}
