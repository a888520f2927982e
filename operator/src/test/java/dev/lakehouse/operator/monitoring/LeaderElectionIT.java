package dev.lakehouse.operator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lakehouse.api.lakehouse.Lakehouse;
import dev.lakehouse.operator.LakehouseOperator;
import dev.lakehouse.operator.OperatorOptions;
import dev.lakehouse.operator.OperatorSettings;
import dev.lakehouse.operator.lakehouse.Lakehouses;
import dev.lakehouse.operator.query.ClusterQueryConnections;
import dev.lakehouse.operator.testing.ChartRbac;
import dev.lakehouse.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas with leader election on the real API server, as the chart's ServiceAccount (the Role
 * the chart grants on Leases): the first takes the Lease and reconciles, the second stands by,
 * ready.
 */
class LeaderElectionIT {
  static final String LEASE_NAMESPACE = ChartRbac.NAMESPACE;
  static final Duration WAIT = Duration.ofSeconds(60);
  static final String RULES_REVIEWS = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";

  TestCluster cluster;
  KubernetesClient client;
  String ns;

  /** A Lease of each test's own: the release namespace outlives the test's. */
  String leaseName;

  final List<LakehouseOperator> operators = new ArrayList<>();
  final List<String> lostLeases = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startServer() {
    cluster = TestCluster.start("leader");
    client = cluster.client();
    ns = cluster.namespace();
    leaseName = "lakehouse-operator-" + ns;
  }

  @AfterEach
  void stop() {
    operators.forEach(LakehouseOperator::stop);
    cluster.close();
  }

  @Test
  void theFirstReplicaTakesTheLeaseAndReconcilesWhileTheSecondStandsByReady() {
    LakehouseOperator first = start("replica-a");

    Lease lease = await().atMost(WAIT).until(this::lease, Optional::isPresent).orElseThrow();
    assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("replica-a");
    assertThat(readyz(first)).isEqualTo("200 ready: informers synced, reconciling as the leader\n");

    client.resource(Lakehouses.demo("demo", ns)).create();
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
    client.resource(Lakehouses.demo("other", ns)).create();
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
    assertThat(recordedRequests())
        .contains(
            "POST " + RULES_REVIEWS,
            "GET " + leases + "/" + leaseName,
            "POST " + leases,
            "PATCH " + leases + "/" + leaseName)
        .allMatch(
            line ->
                line.equals("POST " + RULES_REVIEWS)
                    || line.matches("(GET|POST|PATCH|PUT) " + leases + "(/" + leaseName + ")?"));
    assertThat(lostLeases).isEmpty();
  }

  private LakehouseOperator start(String identity) {
    var operator =
        new LakehouseOperator(
            cluster.operatorClient(),
            OperatorSettings.defaults(),
            Set.of(ns),
            Clock.systemUTC(),
            new ClusterQueryConnections(
                cluster.operatorClient(), Path.of(System.getProperty("java.io.tmpdir"))),
            new OperatorOptions(
                0,
                Optional.of(new OperatorOptions.Lease(leaseName, LEASE_NAMESPACE, identity)),
                () -> lostLeases.add(identity)));
    operators.add(operator);
    operator.start();
    return operator;
  }

  private Optional<Lease> lease() {
    return Optional.ofNullable(
        client.resources(Lease.class).inNamespace(LEASE_NAMESPACE).withName(leaseName).get());
  }

  private void awaitReconciled(String lakehouse) {
    await()
        .atMost(WAIT)
        .until(
            () -> client.resources(Lakehouse.class).inNamespace(ns).withName(lakehouse).get(),
            l -> l.getStatus() != null);
  }

  private static String readyz(LakehouseOperator operator) {
    var response = Scrape.Http.get(operator.httpPort(), "/readyz");
    return response.statusCode() + " " + response.body();
  }

  /** The requests leader election made so far (rules reviews and Leases), method and path. */
  private List<String> recordedRequests() {
    return cluster.requests().calls().stream()
        .filter(c -> c.path().startsWith(RULES_REVIEWS) || c.path().contains("/leases"))
        .map(c -> c.method() + " " + c.path())
        .toList();
  }
}
