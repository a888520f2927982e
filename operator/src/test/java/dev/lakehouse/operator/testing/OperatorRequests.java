package dev.lakehouse.operator.testing;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.http.StandardHttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records every request the operator's client sent and the server answered, with its body and the
 * server's answer.
 */
public final class OperatorRequests implements Interceptor {
  public static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

  /** One request; {@code body} is null when it had none, {@code code} is the server's answer. */
  public record Call(String method, String path, String body, int code) {
    public boolean isWrite() {
      return WRITES.contains(method);
    }

    public boolean succeeded() {
      return code >= 200 && code < 300;
    }
  }

  private final List<Call> calls = new CopyOnWriteArrayList<>();

  @Override
  public void after(
      HttpRequest request,
      HttpResponse<?> response,
      AsyncBody.Consumer<List<ByteBuffer>> consumer) {
    calls.add(
        new Call(
            request.method(),
            pathOf(request),
            bodyOf(request),
            response == null ? -1 : response.code()));
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** The calls recorded so far, forgetting them. */
  public synchronized List<Call> drain() {
    List<Call> drained = List.copyOf(calls);
    calls.removeAll(drained);
    return drained;
  }

  public List<Call> writes() {
    return calls.stream().filter(Call::isWrite).toList();
  }

  public static String pathOf(HttpRequest request) {
    String query = request.uri().getRawQuery();
    return request.uri().getRawPath() + (query == null ? "" : "?" + query);
  }

  public static String bodyOf(HttpRequest request) {
    if (request.bodyString() != null) {
      return request.bodyString();
    }
    if (request instanceof StandardHttpRequest standard) {
      if (standard.body() instanceof StandardHttpRequest.StringBodyContent text) {
        return text.getContent();
      }
      if (standard.body() instanceof StandardHttpRequest.ByteArrayBodyContent bytes) {
        return new String(bytes.getContent(), StandardCharsets.UTF_8);
      }
      if (standard.body() != null) {
        return "<unreadable body " + standard.body().getClass().getSimpleName() + ">";
      }
    }
    return null;
  }
}
