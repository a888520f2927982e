package dev.lakehouse.operator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lakehouse.api.lakehouse.Lakehouse;
import dev.lakehouse.operator.LakehouseOperator;
import dev.lakehouse.operator.OperatorOptions;
import dev.lakehouse.operator.OperatorSettings;
import dev.lakehouse.operator.lakehouse.Lakehouses;
import dev.lakehouse.operator.query.ClusterQueryConnections;
import dev.lakehouse.operator.testing.MockCluster;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas with leader election on fabric8's mock API server (CRUD mode, the generated CRDs
 * installed): the first takes the Lease and reconciles, the second stands by, ready.
 */
class LeaderElectionTest {
  static final String LEASE_NAMESPACE = "lakehouse-system";
  static final String LEASE = "lakehouse-operator";
  static final String NS = "data";
  static final Duration WAIT = Duration.ofSeconds(30);

  KubernetesMockServer server;
  KubernetesClient client;
  final List<LakehouseOperator> operators = new ArrayList<>();
  final List<String> requests = new CopyOnWriteArrayList<>();
  final List<String> lostLeases = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startServer() {
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), new LeaseRulesDispatcher(), false);
    server.init();
    client = server.createClient();
    installCrds();
  }

  @AfterEach
  void stop() {
    operators.forEach(LakehouseOperator::stop);
    client.close();
    server.destroy();
  }

  @Test
  void theFirstReplicaTakesTheLeaseAndReconcilesWhileTheSecondStandsByReady() {
    LakehouseOperator first = start("replica-a");

    Lease lease = await().atMost(WAIT).until(this::lease, Optional::isPresent).orElseThrow();
    assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("replica-a");
    assertThat(readyz(first)).isEqualTo("200 ready: informers synced, reconciling as the leader\n");

    client.resource(Lakehouses.demo("demo", NS)).create();
    awaitReconciled("demo");

    LakehouseOperator second = start("replica-b");
    await()
        .atMost(WAIT)
        .until(
            () -> readyz(second),
            r ->
                r.equals(
                    "200 ready: standby, informers synced, waiting for the leader lease held by"
                        + " replica-a\n"));
    assertThat(Scrape.of(second.httpPort()).value("lakehouse_operator_leader")).isZero();
    assertThat(Scrape.of(first.httpPort()).value("lakehouse_operator_leader")).isEqualTo(1);

    // A Lakehouse both replicas see: only the leader reconciles it.
    client.resource(Lakehouses.demo("other", NS)).create();
    awaitReconciled("other");
    assertThat(
            Scrape.of(second.httpPort())
                .value("lakehouse_operator_reconciles_total{kind=\"Lakehouse\"}"))
        .isZero();
    assertThat(lease().orElseThrow().getSpec().getHolderIdentity()).isEqualTo("replica-a");

    // What leader election asks of the API server: a rules review, then the Lease (read,
    // created once, renewed by a patch every retry period).
    await()
        .atMost(WAIT)
        .until(
            () -> recordedRequests(),
            r ->
                r.stream()
                    .anyMatch(line -> line.startsWith("PATCH ") && line.contains("/leases/")));
    String leases = "/apis/coordination.k8s.io/v1/namespaces/" + LEASE_NAMESPACE + "/leases";
    assertThat(requests)
        .contains(
            "POST " + LeaseRulesDispatcher.RULES_REVIEWS,
            "GET " + leases + "/" + LEASE,
            "POST " + leases,
            "PATCH " + leases + "/" + LEASE)
        .allMatch(
            line ->
                line.equals("POST " + LeaseRulesDispatcher.RULES_REVIEWS)
                    || line.matches("(GET|POST|PATCH) " + leases + "(/" + LEASE + ")?"));
    assertThat(lostLeases).isEmpty();
  }

  private LakehouseOperator start(String identity) {
    var operator =
        new LakehouseOperator(
            client,
            OperatorSettings.defaults(),
            Set.of(),
            Clock.systemUTC(),
            new ClusterQueryConnections(client, Path.of(System.getProperty("java.io.tmpdir"))),
            new OperatorOptions(
                0,
                Optional.of(new OperatorOptions.Lease(LEASE, LEASE_NAMESPACE, identity)),
                () -> lostLeases.add(identity)));
    operators.add(operator);
    operator.start();
    return operator;
  }

  private Optional<Lease> lease() {
    return Optional.ofNullable(
        client.resources(Lease.class).inNamespace(LEASE_NAMESPACE).withName(LEASE).get());
  }

  private void awaitReconciled(String lakehouse) {
    await()
        .atMost(WAIT)
        .until(
            () -> client.resources(Lakehouse.class).inNamespace(NS).withName(lakehouse).get(),
            l -> l.getStatus() != null);
  }

  private static String readyz(LakehouseOperator operator) {
    var response = Scrape.Http.get(operator.httpPort(), "/readyz");
    return response.statusCode() + " " + response.body();
  }

  /** The requests leader election made so far (rules reviews and Leases), method and path. */
  private List<String> recordedRequests() throws InterruptedException {
    RecordedRequest request;
    while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      String path = request.getPath();
      if (path.startsWith(LeaseRulesDispatcher.RULES_REVIEWS) || path.contains("/leases")) {
        requests.add(request.getMethod() + " " + path);
      }
    }
    return requests;
  }

  private void installCrds() {
    for (String plural : MockCluster.CRDS) {
      String resource = "META-INF/fabric8/" + plural + ".lakehouse.dev-v1.yml";
      try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
        CustomResourceDefinition crd =
            client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
