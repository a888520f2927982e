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

/**
 * The mock API server's CRUD mode checks the resourceVersion of a patch but not of a PUT, which a
 * real API server always does: an update carrying a stale resourceVersion gets 409 Conflict. This
 * adds that check, so the tests see the optimistic locking the operator relies on in a cluster.
 */
final class OptimisticLockingDispatcher extends KubernetesCrudDispatcher {
  private static final ObjectMapper JSON = new ObjectMapper();

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
