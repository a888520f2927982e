package dev.lakehouse.operator.query;

import dev.lakehouse.query.Cancellation;
import dev.lakehouse.query.QueryEngine;
import dev.lakehouse.query.QueryFailure;
import dev.lakehouse.query.QueryRequest;
import dev.lakehouse.query.QueryResult;
import dev.lakehouse.query.ResultColumn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A test fake of Trino: answers each SQL text as scripted, and a statement containing {@code sleep}
 * runs until it is cancelled, as a long Trino query would.
 */
final class ScriptedQueryEngine implements QueryEngine {
  /** One call, and the reason it was cancelled with, if it was. */
  record Call(QueryRequest request, Cancellation cancellation) {}

  final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Map<String, Function<QueryRequest, QueryResult>> answers =
      new ConcurrentHashMap<>();

  void answer(String sql, Function<QueryRequest, QueryResult> answer) {
    answers.put(sql, answer);
  }

  static QueryResult rows(List<List<String>> rows) {
    return new QueryResult(
        List.of(new ResultColumn("ip", "varchar"), new ResultColumn("errors", "bigint")),
        rows,
        rows.size(),
        false,
        "20261122_000000_00001_abcde",
        Duration.ofMillis(1200),
        null);
  }

  static QueryFailure failure(QueryFailure.Kind kind, String message) {
    return new QueryFailure(kind, message, "20261122_000000_00002_abcde", null);
  }

  @Override
  public QueryResult run(QueryRequest request, Cancellation cancellation) {
    calls.add(new Call(request, cancellation));
    if (request.sql().contains("sleep")) {
      CountDownLatch cancelled = new CountDownLatch(1);
      cancellation.onCancel(cancelled::countDown);
      try {
        cancelled.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new QueryFailure(
          QueryFailure.Kind.CANCELLED, cancellation.reason(), "20261122_sleep", null);
    }
    Function<QueryRequest, QueryResult> answer = answers.get(request.sql());
    if (answer == null) {
      throw new QueryFailure(
          QueryFailure.Kind.FAILED, "no scripted answer for " + request.sql(), null, null);
    }
    QueryResult result = answer.apply(request);
    if (request.output() == null) {
      return result;
    }
    // Upload the way the real engine does: a local file handed to the store.
    try {
      Path file = Files.createTempFile("result", ".csv");
      Files.writeString(file, "ip,errors\n10.0.0.1,3\n", StandardCharsets.UTF_8);
      String location = request.output().store().put(request.output().key(), file, "text/csv");
      return new QueryResult(
          result.columns(),
          result.rows(),
          result.rowCount(),
          result.truncated(),
          result.trinoQueryId(),
          result.elapsed(),
          new QueryResult.WrittenOutput(location, request.output().format(), Files.size(file)));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The calls made so far with the given SQL. */
  List<Call> callsOf(String sql) {
    return calls.stream().filter(c -> c.request().sql().equals(sql)).toList();
  }
}
