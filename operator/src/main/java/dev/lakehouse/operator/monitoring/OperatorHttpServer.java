package dev.lakehouse.operator.monitoring;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's HTTP server on all interfaces: {@code GET /metrics} (Prometheus text format),
 * {@code /healthz} (liveness) and {@code /readyz} (readiness).
 */
public final class OperatorHttpServer {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorHttpServer.class);
  private static final String TEXT = "text/plain; charset=utf-8";

  private final int requestedPort;
  private final Map<String, Supplier<Response>> routes;
  private HttpServer server;
  private ExecutorService threads;

  /**
   * @param port the port to listen on; 0 for any free one ({@link #port()} says which)
   */
  public OperatorHttpServer(int port, Supplier<String> metrics, HealthChecks health) {
    this.requestedPort = port;
    this.routes =
        Map.of(
            "/metrics", () -> new Response(200, PrometheusText.CONTENT_TYPE, metrics.get()),
            "/healthz", () -> answer(health.liveness()),
            "/readyz", () -> answer(health.readiness()));
  }

  /** Starts listening; a second call does nothing. */
  public synchronized void start() {
    if (server != null) {
      return;
    }
    try {
      server = HttpServer.create(new InetSocketAddress(requestedPort), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + requestedPort, e);
    }
    // Two threads: a slow scrape must not hold up a probe.
    AtomicInteger count = new AtomicInteger();
    threads =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread thread = new Thread(r, "http-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
    LOG.info("serving /metrics, /healthz and /readyz on port {}", port());
  }

  /** The port it listens on. */
  public synchronized int port() {
    if (server == null) {
      throw new IllegalStateException("the HTTP server is not started");
    }
    return server.getAddress().getPort();
  }

  public synchronized void stop() {
    if (server == null) {
      return;
    }
    server.stop(0);
    threads.shutdownNow();
    server = null;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      Supplier<Response> route = routes.get(path);
      if (route == null) {
        send(exchange, method, new Response(404, TEXT, "not found: " + path + "\n"));
      } else if (!"GET".equals(method) && !"HEAD".equals(method)) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, method, new Response(405, TEXT, method + " is not allowed\n"));
      } else {
        send(exchange, method, respond(route, path));
      }
    }
  }

  private static Response respond(Supplier<Response> route, String path) {
    try {
      return route.get();
    } catch (RuntimeException e) {
      LOG.error("GET {} failed", path, e);
      return new Response(500, TEXT, "error: " + e + "\n");
    }
  }

  private static Response answer(HealthChecks.Answer answer) {
    return new Response(answer.status(), TEXT, answer.reason() + "\n");
  }

  private static void send(HttpExchange exchange, String method, Response response)
      throws IOException {
    byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", response.contentType());
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    if ("HEAD".equals(method)) {
      exchange.sendResponseHeaders(response.status(), -1);
      return;
    }
    exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private record Response(int status, String contentType, String body) {}
}
