package dev.lakehouse.testing;

/** A statement failed in Trino (or never reached it); the message is Trino's own. */
public class TrinoQueryException extends RuntimeException {
  private final String errorName;
  private final String sql;

  public TrinoQueryException(String message, String errorName, String sql) {
    super(message);
    this.errorName = errorName;
    this.sql = sql;
  }

  /**
   * Trino's error name ({@code PERMISSION_DENIED}, ...), or {@code HTTP_<status>}/{@code
   * CONNECTION}.
   */
  public String errorName() {
    return errorName;
  }

  /** The statement, when one was sent. */
  public String sql() {
    return sql;
  }
}
