package dev.lakehouse.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The mock API server's CRUD mode checks the resourceVersion of a patch but not of a PUT, which a
 * real API server always does: an update carrying a stale resourceVersion gets 409 Conflict. This
 * adds that check, so the tests see the optimistic locking the operator relies on in a cluster.
 */
final class OptimisticLockingDispatcher extends KubernetesCrudDispatcher {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An object as a client sent it in a create, before the handler consumes the body. */
  record Creation(String userAgent, String path, String body) {}

  private final List<Creation> creations = new CopyOnWriteArrayList<>();

  /** A request to refuse once (fabric8 retries 5xx answers by itself, so a 403 is what fails). */
  private record Fault(String userAgent, String method, String pathPrefix) {
    boolean matches(RecordedRequest request) {
      return userAgent.equals(request.getHeader("User-Agent"))
          && method.equals(request.getMethod())
          && request.getPath().startsWith(pathPrefix);
    }
  }

  private final List<Fault> faults = new CopyOnWriteArrayList<>();

  void failOnce(String userAgent, String method, String pathPrefix) {
    faults.add(new Fault(userAgent, method, pathPrefix));
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    for (Fault fault : faults) {
      if (fault.matches(request) && faults.remove(fault)) {
        String status =
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                + "\"reason\":\"Forbidden\",\"code\":403,\"message\":\"injected fault\"}";
        return new MockResponse()
            .setResponseCode(HttpURLConnection.HTTP_FORBIDDEN)
            .setBody(status.getBytes(StandardCharsets.UTF_8));
      }
    }
    return super.dispatch(request);
  }

  private static final String RULES_REVIEWS =
      "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";

  private volatile String rulesReview;

  /** What a SelfSubjectRulesReview answers (CRUD mode alone would echo it without a status). */
  void answerRulesReviews(String review) {
    this.rulesReview = review;
  }

  @Override
  public MockResponse handleCreate(RecordedRequest request) {
    if (rulesReview != null && request.getPath().startsWith(RULES_REVIEWS)) {
      return new MockResponse()
          .setResponseCode(HttpURLConnection.HTTP_CREATED)
          .setBody(rulesReview.getBytes(StandardCharsets.UTF_8));
    }
    creations.add(
        new Creation(
            request.getHeader("User-Agent"),
            request.getPath(),
            new String(request.getBody().getBytes(), StandardCharsets.UTF_8)));
    return super.handleCreate(request);
  }

  List<Creation> creations() {
    return List.copyOf(creations);
  }

  @Override
  public synchronized MockResponse handleUpdate(RecordedRequest request) {
    // getBytes() leaves the body in place for the real handler; getUtf8Body() would consume it.
    String sent = resourceVersion(new String(request.getBody().getBytes(), StandardCharsets.UTF_8));
    if (sent != null) {
      String path = request.getPath().replaceFirst("/status$", "");
      MockResponse current = handleGet(path);
      if (current.code() == HttpURLConnection.HTTP_OK) {
        String stored = resourceVersion(bodyOf(current));
        if (stored != null && !stored.equals(sent)) {
          return conflict(path);
        }
      }
    }
    return super.handleUpdate(request);
  }

  /** Serialised with updates, so a check and the write it guards are not interleaved. */
  @Override
  public synchronized MockResponse handlePatch(RecordedRequest request) {
    return super.handlePatch(request);
  }

  private static String bodyOf(MockResponse response) {
    return response.getBody() == null
        ? ""
        : new String(response.getBody().getBytes(), StandardCharsets.UTF_8);
  }

  private static String resourceVersion(String json) {
    try {
      JsonNode version = JSON.readTree(json).path("metadata").path("resourceVersion");
      return version.isTextual() ? version.asText() : null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static MockResponse conflict(String path) {
    String status =
        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Conflict\","
            + "\"code\":409,\"message\":\"Operation cannot be fulfilled on "
            + path
            + ": the object has been modified; please apply your changes to the latest version"
            + " and try again\"}";
    return new MockResponse()
        .setResponseCode(HttpURLConnection.HTTP_CONFLICT)
        .setBody(status.getBytes(StandardCharsets.UTF_8));
  }
}
