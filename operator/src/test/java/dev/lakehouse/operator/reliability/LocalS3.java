package dev.lakehouse.operator.reliability;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An S3 endpoint on 127.0.0.1 for a Lakehouse's external storage: takes every PUT (the operator
 * uploading a Query's result with the credentials it read from the Lakehouse's Secret), except
 * under {@code denied/}, which it refuses as S3 does, so the error path is scanned too.
 */
final class LocalS3 implements AutoCloseable {
  static final String DENIED = "denied/";

  private final HttpServer server;
  private final AtomicInteger stored = new AtomicInteger();

  LocalS3() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          boolean denied = exchange.getRequestURI().getPath().contains("/" + DENIED);
          byte[] body =
              denied
                  ? "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"
                      .getBytes(StandardCharsets.UTF_8)
                  : new byte[0];
          if (!denied && "PUT".equals(exchange.getRequestMethod())) {
            stored.incrementAndGet();
          }
          exchange.sendResponseHeaders(denied ? 403 : 200, body.length == 0 ? -1 : body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Objects stored so far. */
  int stored() {
    return stored.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
