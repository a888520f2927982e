package dev.lakehouse.api.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.lakehouse.api.common.Column;
import java.util.List;

/**
 * Progress the ingestion engine records after each committed batch. Written by the job (through the
 * status subresource or a local state file); the operator only reads it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Checkpoint {
  @JsonPropertyDescription("The run uid used as Delta txnAppId.")
  public String runId;

  public Integer batchesTotal;

  @JsonPropertyDescription("Batches committed so far; the next batch to run has this index.")
  public Integer batchesCommitted;

  @JsonPropertyDescription("Delta table version of the last committed batch.")
  public Long deltaVersion;

  public Long filesTotal;
  public Long filesIngested;
  public Long filesSkipped;
  public Long bytesIngested;
  public Long rowsWritten;
  public Long rowsRejected;

  @JsonPropertyDescription("The plan: the run's file list, written next to the table.")
  public Manifest manifest;

  public String updatedAt;

  @JsonPropertyDescription(
      "The table after the run's last commit, recorded when the run finishes: its columns and row count.")
  public TableFacts table;

  /** What the Dataset reflects about its table. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class TableFacts {
    public String location;
    public List<Column> columns;
    public Long rowCount;
  }

  /** Where the run's file list is and how to verify it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Manifest {
    public String location;
    public Long files;
    public Long bytes;
    public String sha256;
  }

  /** "committed/total" for the printer column, or null before planning. */
  public String progress() {
    if (batchesTotal == null) {
      return null;
    }
    return (batchesCommitted == null ? 0 : batchesCommitted) + "/" + batchesTotal;
  }
}
