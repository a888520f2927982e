package dev.lakehouse.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Server errors, refusals and outages, from fabric8's mock API server in expectations mode. */
class KubernetesCheckpointStoreErrorsTest {
  private static final String NAMESPACE = "lakehouse";
  private static final String RUN = "pokemon-1";
  private static final String TOKEN = "super-secret-bearer-token";
  private static final String RUN_PATH =
      "/apis/lakehouse.dev/v1alpha1/namespaces/" + NAMESPACE + "/ingestionruns/" + RUN;
  private static final String RUN_JSON =
      "{\"apiVersion\":\"lakehouse.dev/v1alpha1\",\"kind\":\"IngestionRun\","
          + "\"metadata\":{\"name\":\""
          + RUN
          + "\",\"namespace\":\""
          + NAMESPACE
          + "\",\"resourceVersion\":\"41\"},"
          + "\"spec\":{\"dataset\":\"pokemon\"},"
          + "\"status\":{\"phase\":\"Running\",\"checkpoint\":{\"runId\":\"uid\",\"batchesTotal\":9,"
          + "\"batchesCommitted\":2,\"futureField\":\"from a newer job\"}}}";

  private KubernetesMockServer server;

  @BeforeEach
  void startServer() {
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), false);
    server.init();
  }

  @AfterEach
  void stopServer() {
    server.destroy();
  }

  @Test
  void transientReadErrorsAreRetried() {
    server.expect().get().withPath(RUN_PATH).andReturn(503, status(503, "try later")).times(2);
    server.expect().get().withPath(RUN_PATH).andReturn(200, RUN_JSON).once();

    assertThat(store().load())
        .hasValueSatisfying(
            checkpoint -> {
              assertThat(checkpoint.batchesCommitted).isEqualTo(2);
              assertThat(checkpoint.batchesTotal).isEqualTo(9);
            });
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void aTransientPatchErrorIsRetriedAfterAFreshRead() {
    server.expect().get().withPath(RUN_PATH).andReturn(200, RUN_JSON).times(2);
    server
        .expect()
        .patch()
        .withPath(RUN_PATH + "/status")
        .andReturn(500, status(500, "etcdserver: leader changed"))
        .once();
    server.expect().patch().withPath(RUN_PATH + "/status").andReturn(200, RUN_JSON).once();

    store().save(KubernetesCheckpointStoreTest.full(3));

    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void persistentServerErrorsFailNamingRunStatusAndServerMessage() {
    server
        .expect()
        .get()
        .withPath(RUN_PATH)
        .andReturn(500, status(500, "etcdserver: request timed out"))
        .always();

    assertThatThrownBy(() -> store().load())
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("IngestionRun " + NAMESPACE + "/" + RUN)
        .hasMessageContaining("HTTP 500")
        .hasMessageContaining("etcdserver: request timed out")
        .hasMessageContaining(KubernetesCheckpointStore.MAX_TRANSIENT_ATTEMPTS + " attempts")
        .hasMessageNotContaining(TOKEN);
    assertThat(server.getRequestCount())
        .isEqualTo(KubernetesCheckpointStore.MAX_TRANSIENT_ATTEMPTS);
  }

  @Test
  void aForbiddenPatchFailsAtOnceWithTheServersMessage() {
    server.expect().get().withPath(RUN_PATH).andReturn(200, RUN_JSON).always();
    String forbidden =
        "ingestionruns.lakehouse.dev \""
            + RUN
            + "\" is forbidden: User \"system:serviceaccount:lakehouse:ingest\" cannot patch"
            + " resource \"ingestionruns/status\"";
    server
        .expect()
        .patch()
        .withPath(RUN_PATH + "/status")
        .andReturn(403, status(403, forbidden))
        .always();

    assertThatThrownBy(() -> store().save(KubernetesCheckpointStoreTest.full(3)))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("save the checkpoint of IngestionRun " + NAMESPACE + "/" + RUN)
        .hasMessageContaining("HTTP 403")
        .hasMessageContaining(forbidden)
        .hasMessageNotContaining(TOKEN);
    assertThat(server.getRequestCount()).as("no retry of a refusal").isEqualTo(2);
  }

  @Test
  void aStaleSaveDoesNotPatch() {
    server.expect().get().withPath(RUN_PATH).andReturn(200, RUN_JSON).always();

    store().save(KubernetesCheckpointStoreTest.full(1)); // the server has 2 batches

    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aNonJsonErrorBodyIsQuoted() {
    server.expect().get().withPath(RUN_PATH).andReturn(401, "Unauthorized").always();

    assertThatThrownBy(() -> store().load())
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("HTTP 401")
        .hasMessageEndingWith(": Unauthorized")
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void anUnreachableServerFailsAfterRetries() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort(); // closed again: nothing listens there
    }
    KubernetesCheckpointStore store =
        new KubernetesCheckpointStore(
            new KubernetesCheckpointStore.Config(
                URI.create("http://127.0.0.1:" + port + "/"), NAMESPACE, RUN, () -> TOKEN, null),
            () -> {},
            Duration.ofMillis(5));

    assertThatThrownBy(() -> store.save(KubernetesCheckpointStoreTest.full(1)))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("IngestionRun " + NAMESPACE + "/" + RUN)
        .hasMessageContaining(KubernetesCheckpointStore.MAX_TRANSIENT_ATTEMPTS + " attempts")
        .hasMessageNotContaining(TOKEN);
  }

  private KubernetesCheckpointStore store() {
    String url = server.url("/");
    return new KubernetesCheckpointStore(
        new KubernetesCheckpointStore.Config(
            URI.create(url.substring(0, url.length() - 1)), NAMESPACE, RUN, () -> TOKEN, null),
        () -> {},
        Duration.ofMillis(5));
  }

  private static String status(int code, String message) {
    return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":"
        + "\""
        + message.replace("\"", "\\\"")
        + "\",\"code\":"
        + code
        + "}";
  }
}
