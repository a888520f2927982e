package dev.lakehouse.query;

import java.time.Duration;
import java.util.List;

/**
 * What a finished query returned.
 *
 * @param rows the preview: the first rows as text, null for SQL NULL
 * @param rowCount every row of the result (the update count for a statement without rows)
 * @param truncated the preview holds less than the result: fewer rows or shortened cells
 * @param output where the full result was written, or null
 */
public record QueryResult(
    List<ResultColumn> columns,
    List<List<String>> rows,
    long rowCount,
    boolean truncated,
    String trinoQueryId,
    Duration elapsed,
    WrittenOutput output) {

  /** A full result in object storage. */
  public record WrittenOutput(String location, ResultFormat format, long bytes) {}
}
