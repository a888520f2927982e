package dev.lakehouse.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Statements through Trino's REST protocol (what its CLI speaks): POST the SQL, then follow {@code
 * nextUri} until the query is done. Needs no Trino jar, so it also works before a test has chosen
 * its JDBC driver.
 */
public final class TrinoClient {
  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration QUERY_TIMEOUT = Duration.ofMinutes(5);

  private final URI server;
  // HTTP/1.1: Trino's server does not upgrade plain-text connections to HTTP/2.
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** {@code httpUri} as {@link TrinoServer#httpUri()} gives it: {@code http://127.0.0.1:8080}. */
  public TrinoClient(String httpUri) {
    this.server = URI.create(httpUri.endsWith("/") ? httpUri : httpUri + "/");
  }

  /**
   * Runs {@code sql} as {@code user} and returns its rows (empty for DDL; one row with the count
   * for INSERT and CTAS). Throws {@link TrinoQueryException} with Trino's message when it fails.
   */
  public List<List<Object>> execute(String user, String sql) {
    long deadline = System.nanoTime() + QUERY_TIMEOUT.toNanos();
    HttpRequest request =
        request(server.resolve("v1/statement"), user)
            .POST(HttpRequest.BodyPublishers.ofString(sql))
            .build();
    List<List<Object>> rows = new ArrayList<>();
    while (true) {
      Map<String, Object> answer = send(request, deadline);
      if (answer.get("error") instanceof Map<?, ?> error) {
        throw new TrinoQueryException(
            String.valueOf(error.get("message")), String.valueOf(error.get("errorName")), sql);
      }
      if (answer.get("data") instanceof List<?> data) {
        for (Object row : data) {
          // Not List.copyOf: SQL NULLs arrive as JSON nulls.
          rows.add(Collections.unmodifiableList(new ArrayList<Object>((List<?>) row)));
        }
      }
      if (!(answer.get("nextUri") instanceof String next)) {
        return rows;
      }
      request = request(URI.create(next), user).GET().build();
    }
  }

  /** {@code GET /v1/info}: {@code "starting": false} once the server takes queries. */
  public Map<String, Object> info() {
    return send(
        HttpRequest.newBuilder(server.resolve("v1/info")).timeout(Duration.ofSeconds(5)).build(),
        System.nanoTime() + REQUEST_TIMEOUT.toNanos());
  }

  private static HttpRequest.Builder request(URI uri, String user) {
    return HttpRequest.newBuilder(uri)
        .timeout(REQUEST_TIMEOUT)
        .header("X-Trino-User", user)
        .header("X-Trino-Source", "lakehouse-testing");
  }

  /** The protocol asks clients to retry a 503 (the coordinator is busy) after a short pause. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> send(HttpRequest request, long deadline) {
    while (true) {
      HttpResponse<String> response;
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new TrinoQueryException(
            request.method() + " " + request.uri() + " failed: " + e, "CONNECTION", null);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TrinoQueryException("interrupted", "INTERRUPTED", null);
      }
      if (response.statusCode() == 200) {
        return (Map<String, Object>) Json.parse(response.body());
      }
      if (response.statusCode() != 503 || System.nanoTime() > deadline) {
        throw new TrinoQueryException(
            request.method()
                + " "
                + request.uri()
                + " answered "
                + response.statusCode()
                + ": "
                + response.body(),
            "HTTP_" + response.statusCode(),
            null);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TrinoQueryException("interrupted", "INTERRUPTED", null);
      }
    }
  }

  @Override
  public String toString() {
    return "TrinoClient[" + server + "]";
  }
}
