package dev.lakehouse.api.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.lakehouse.api.common.Column;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** The outcome of a Query: its columns and first rows, bounded so the object stays small. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class QueryStatus {
  public Long observedGeneration;
  public QueryPhase phase;
  public List<Condition> conditions;
  public List<Column> columns;

  /** The first rows as text, null for SQL NULL. */
  public List<List<String>> rows;

  public Long rowCount;

  /** True when rows holds fewer rows than the result. */
  public Boolean truncated;

  public String duration;
  public Long durationMillis;
  public String trinoQueryId;

  /** Retries in a row because Trino or the object store could not be reached. */
  public Integer retries;

  public String error;
  public OutputStatus output;
  public String startTime;
  public String completionTime;
  public String lastScheduleTime;
  public String nextScheduleTime;

  /** Where the full result was written. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class OutputStatus {
    public String location;
    public QueryOutput.Format format;
    public Long bytes;
  }
}
