package dev.lakehouse.operator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.operator.LakehouseOperator;
import dev.lakehouse.operator.OperatorSettings;
import dev.lakehouse.operator.testing.TestCluster;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP server of the real operator on the real API server, on a free port. */
class HealthEndpointsIT {
  TestCluster cluster;
  LakehouseOperator operator;

  @BeforeEach
  void create() {
    cluster = TestCluster.start("health");
    operator =
        new LakehouseOperator(
            cluster.operatorClient(), OperatorSettings.defaults(), Set.of(cluster.namespace()));
  }

  @AfterEach
  void stop() {
    operator.stop();
    cluster.close();
  }

  @Test
  void probesSayStartingUntilTheInformersSyncedThenReady() {
    operator.startHttpServer();
    int port = operator.httpPort();

    assertThat(get(port, "/healthz")).isEqualTo("200 ok: starting\n");
    assertThat(get(port, "/readyz"))
        .isEqualTo("503 not ready: starting, informers are not synced yet\n");

    operator.start();

    assertThat(get(port, "/healthz")).isEqualTo("200 ok: every event source is healthy\n");
    assertThat(get(port, "/readyz")).isEqualTo("200 ready: informers synced, reconciling\n");
    assertThat(operator.httpPort()).isEqualTo(port);
  }

  @Test
  void probesAnswerAtOnceWhileTheInformersAreStillSyncing() throws Exception {
    // An API server that accepts connections and never answers: informers cannot sync, and JOSDK
    // holds its controller lock in start() until the list requests time out.
    try (var silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      var requested = new CountDownLatch(1);
      var accepting = new Thread(() -> acceptAndIgnore(silent, requested), "silent-api-server");
      accepting.setDaemon(true);
      accepting.start();
      KubernetesClient client =
          new KubernetesClientBuilder()
              .withConfig(
                  new ConfigBuilder()
                      .withMasterUrl("http://127.0.0.1:" + silent.getLocalPort())
                      .withRequestTimeout(5_000)
                      .withRequestRetryBackoffLimit(0)
                      .build())
              .build();
      var syncing = new LakehouseOperator(client, OperatorSettings.defaults(), Set.of());
      try {
        CompletableFuture<Void> start = CompletableFuture.runAsync(syncing::start);
        assertThat(requested.await(30, TimeUnit.SECONDS)).isTrue();
        int port = syncing.httpPort();

        assertThat(get(port, "/readyz", Duration.ofSeconds(2)))
            .isEqualTo("503 not ready: starting, informers are not synced yet\n");
        assertThat(get(port, "/healthz", Duration.ofSeconds(2))).isEqualTo("200 ok: starting\n");
        assertThat(get(port, "/metrics", Duration.ofSeconds(2))).startsWith("200 # HELP");
        assertThat(start).isNotDone();

        // The informers give up and so does start(); its HTTP server goes with it.
        assertThat(start).failsWithin(Duration.ofSeconds(60));
      } finally {
        syncing.stop();
        client.close();
      }
    }
  }

  @Test
  void metricsAreServedInTheTextFormatAndOtherRequestsAreRefused() {
    operator.start();
    int port = operator.httpPort();

    HttpResponse<String> metrics = Scrape.Http.get(port, "/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type"))
        .contains("text/plain; version=0.0.4; charset=utf-8");
    assertThat(metrics.body())
        .contains("# HELP lakehouse_operator_reconciles_total ")
        .contains("lakehouse_operator_leader 1\n")
        .containsPattern("lakehouse_operator_jvm_heap_used_bytes [1-9]\\d*\n")
        .containsPattern("lakehouse_operator_jvm_threads [1-9]\\d*\n");

    assertThat(Scrape.Http.send(port, "/metrics", "HEAD").statusCode()).isEqualTo(200);
    HttpResponse<String> post = Scrape.Http.send(port, "/readyz", "POST");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
    assertThat(get(port, "/metrics/extra")).isEqualTo("404 not found: /metrics/extra\n");
  }

  @Test
  void stopClosesTheHttpServer() {
    operator.start();
    int port = operator.httpPort();
    assertThat(get(port, "/healthz")).startsWith("200 ");

    operator.stop();

    // A new connection, not one the HTTP client may still hold in its pool.
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
        .isInstanceOf(ConnectException.class);
  }

  private static String get(int port, String path) {
    HttpResponse<String> response = Scrape.Http.get(port, path);
    return response.statusCode() + " " + response.body();
  }

  /** A GET that fails the test instead of waiting on a probe that hangs. */
  private static String get(int port, String path, Duration timeout) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(timeout)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body();
  }

  private static void acceptAndIgnore(ServerSocket server, CountDownLatch requested) {
    List<Socket> open = new ArrayList<>();
    try {
      while (true) {
        Socket socket = server.accept();
        open.add(socket);
        requested.countDown();
      }
    } catch (IOException closed) {
      open.forEach(HealthEndpointsIT::closeQuietly);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
