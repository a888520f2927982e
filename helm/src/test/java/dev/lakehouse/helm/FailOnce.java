package dev.lakehouse.helm;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The first request with this method and path fails before it leaves the client, as a dropped
 * connection would; every later one goes through.
 */
final class FailOnce implements Interceptor {
  private final String method;
  private final String path;
  private final AtomicBoolean failed = new AtomicBoolean();

  FailOnce(String method, String path) {
    this.method = method;
    this.path = path;
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    if (method.equals(request.method())
        && path.equals(request.uri().getRawPath())
        && failed.compareAndSet(false, true)) {
      throw new IllegalStateException(
          "connection reset (injected by the test) before " + method + " " + path);
    }
  }
}
