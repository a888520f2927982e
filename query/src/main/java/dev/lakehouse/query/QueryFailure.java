package dev.lakehouse.query;

/** A query that did not finish: Trino refused or failed it, or it was cancelled or timed out. */
public final class QueryFailure extends RuntimeException {
  /** Why it ended. */
  public enum Kind {
    /** Trino failed the query: syntax, access denied, a missing table, an error while running. */
    FAILED,
    /** Cancelled by the caller: the Query was deleted or its spec changed. */
    CANCELLED,
    /** It ran longer than its timeout. */
    TIMED_OUT,
    /** Trino could not be reached, or the result could not be written: worth retrying. */
    UNAVAILABLE
  }

  private final Kind kind;
  private final String trinoQueryId;

  public QueryFailure(Kind kind, String message, String trinoQueryId, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.trinoQueryId = trinoQueryId;
  }

  public Kind kind() {
    return kind;
  }

  /** Trino's id of the query, if it got one. */
  public String trinoQueryId() {
    return trinoQueryId;
  }
}
