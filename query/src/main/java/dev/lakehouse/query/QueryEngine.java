package dev.lakehouse.query;

/** Runs SQL on a lakehouse's query engine. */
public interface QueryEngine {
  /**
   * Runs the statement to its end on the calling thread.
   *
   * @throws QueryFailure when it fails, times out or is cancelled through {@code cancellation}
   */
  QueryResult run(QueryRequest request, Cancellation cancellation);
}
