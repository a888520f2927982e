package dev.lakehouse.operator.monitoring;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/** One read of /metrics (or of a registry), with the value of a series looked up by its text. */
record Scrape(String text) {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  static Scrape of(int port) {
    return new Scrape(Http.get(port, "/metrics").body());
  }

  /** The value of the series written exactly so, e.g. {@code name{kind="Query"}}. */
  Optional<Double> find(String series) {
    return text.lines()
        .filter(l -> l.startsWith(series + " "))
        .findFirst()
        .map(l -> Double.parseDouble(l.substring(series.length() + 1)));
  }

  double value(String series) {
    return find(series)
        .orElseThrow(() -> new AssertionError("no series " + series + " in\n" + text));
  }

  /** GET over plain HTTP on localhost. */
  static final class Http {
    private Http() {}

    static HttpResponse<String> get(int port, String path) {
      return send(port, path, "GET");
    }

    static HttpResponse<String> send(int port, String path, String method) {
      try {
        return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
