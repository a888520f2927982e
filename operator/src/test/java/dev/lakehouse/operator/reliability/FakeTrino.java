package dev.lakehouse.operator.reliability;

import dev.lakehouse.query.Cancellation;
import dev.lakehouse.query.QueryEngine;
import dev.lakehouse.query.QueryRequest;
import dev.lakehouse.query.QueryResult;
import dev.lakehouse.query.ResultColumn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Trino for the secrets scan: answers every statement with two rows and, when the Query asks for an
 * output, uploads a result file through the operator's object store, as the real engine does.
 */
final class FakeTrino implements QueryEngine {
  @Override
  public QueryResult run(QueryRequest request, Cancellation cancellation) {
    QueryResult.WrittenOutput written = null;
    if (request.output() != null) {
      try {
        Path file = Files.createTempFile("result", ".csv");
        Files.writeString(file, "ip,errors\n10.0.0.1,3\n10.0.0.2,1\n", StandardCharsets.UTF_8);
        String location = request.output().store().put(request.output().key(), file, "text/csv");
        written =
            new QueryResult.WrittenOutput(location, request.output().format(), Files.size(file));
        Files.delete(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new QueryResult(
        List.of(new ResultColumn("ip", "varchar"), new ResultColumn("errors", "bigint")),
        List.of(List.of("10.0.0.1", "3"), List.of("10.0.0.2", "1")),
        2,
        false,
        "20261122_000000_00001_scan0",
        Duration.ofMillis(12),
        written);
  }
}
