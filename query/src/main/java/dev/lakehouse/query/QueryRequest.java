package dev.lakehouse.query;

import java.time.Duration;
import java.util.Objects;

/**
 * A statement and what to keep of its result.
 *
 * @param schema the default schema for unqualified names, or null
 * @param maxRows rows kept in the preview
 * @param maxPreviewBytes the preview's size cap, its cells' text summed
 * @param timeout Trino cancels the query after this long
 * @param output where the full result goes, or null
 */
public record QueryRequest(
    String sql,
    String schema,
    int maxRows,
    int maxPreviewBytes,
    Duration timeout,
    ResultOutput output) {

  /** Far below etcd's 1.5 MiB object limit, with room for the rest of a Query's status. */
  public static final int DEFAULT_PREVIEW_BYTES = 256 * 1024;

  public QueryRequest {
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(timeout, "timeout");
    if (maxRows < 0 || maxPreviewBytes < 0) {
      throw new IllegalArgumentException("maxRows and maxPreviewBytes must not be negative");
    }
  }

  public static QueryRequest of(String sql) {
    return new QueryRequest(sql, null, 100, DEFAULT_PREVIEW_BYTES, Duration.ofMinutes(10), null);
  }

  public QueryRequest withSchema(String value) {
    return new QueryRequest(sql, value, maxRows, maxPreviewBytes, timeout, output);
  }

  public QueryRequest withMaxRows(int value) {
    return new QueryRequest(sql, schema, value, maxPreviewBytes, timeout, output);
  }

  public QueryRequest withMaxPreviewBytes(int value) {
    return new QueryRequest(sql, schema, maxRows, value, timeout, output);
  }

  public QueryRequest withTimeout(Duration value) {
    return new QueryRequest(sql, schema, maxRows, maxPreviewBytes, value, output);
  }

  public QueryRequest withOutput(ResultOutput value) {
    return new QueryRequest(sql, schema, maxRows, maxPreviewBytes, timeout, value);
  }
}
