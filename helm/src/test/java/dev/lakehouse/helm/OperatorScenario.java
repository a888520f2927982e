package dev.lakehouse.helm;

import static org.awaitility.Awaitility.await;

import dev.lakehouse.api.dataset.Dataset;
import dev.lakehouse.api.dataset.DeletionPolicy;
import dev.lakehouse.api.dataset.RunHistoryLimits;
import dev.lakehouse.api.lakehouse.CatalogSpec;
import dev.lakehouse.api.lakehouse.Lakehouse;
import dev.lakehouse.api.lakehouse.PostgresSpec;
import dev.lakehouse.api.lakehouse.TrinoServiceSpec;
import dev.lakehouse.api.lakehouse.TrinoSpec;
import dev.lakehouse.api.lakehouse.VolumeRetention;
import dev.lakehouse.api.query.Query;
import dev.lakehouse.api.query.QueryOutput;
import dev.lakehouse.api.query.QuerySpec;
import dev.lakehouse.api.run.IngestionRun;
import dev.lakehouse.api.run.IngestionRunSpec;
import dev.lakehouse.api.run.RunPhase;
import dev.lakehouse.operator.LakehouseOperator;
import dev.lakehouse.operator.OperatorOptions;
import dev.lakehouse.operator.OperatorSettings;
import dev.lakehouse.operator.dataset.Datasets;
import dev.lakehouse.operator.lakehouse.Lakehouses;
import dev.lakehouse.operator.query.ClusterQueryConnections;
import dev.lakehouse.operator.testing.DemoLakehouse;
import dev.lakehouse.operator.testing.MockCluster;
import dev.lakehouse.operator.testing.MockKubelet;
import dev.lakehouse.operator.testing.MockRunPods;
import dev.lakehouse.operator.testing.MutableClock;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Drives the real operator through every path that talks to the API server, on the mock server: a
 * Lakehouse comes up and is deleted with its volumes, Datasets (one derived, one dropped on
 * deletion) get runs with and without Spark executors, a Query with an output runs and is deleted.
 * The operator has its own client with its own User-Agent, so its requests are told from the
 * test's, which plays the workload controllers and kubelet.
 */
final class OperatorScenario {
  static final String NAMESPACE = "data";
  private static final String OPERATOR_AGENT = "lakehouse-operator-under-test";
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  /** What the operator did: its requests, and the objects it created (with their bodies). */
  record Observed(List<ApiCall> calls, List<HasMetadata> created) {
    List<Role> createdRoles() {
      return created.stream().filter(Role.class::isInstance).map(Role.class::cast).toList();
    }

    List<OwnerReference> ownerReferences() {
      return created.stream().flatMap(o -> o.getMetadata().getOwnerReferences().stream()).toList();
    }
  }

  /**
   * Runs the operator as the chart deploys it: watching {@link #NAMESPACE}, electing its leader
   * with a Lease in {@code leaseNamespace}, where the API server grants it {@code leaseRules}.
   */
  static Observed run(String leaseNamespace, List<PolicyRule> leaseRules, Path resultsDir)
      throws InterruptedException {
    try (MockCluster cluster = MockCluster.start();
        KubernetesClient operatorClient = cluster.clientWithUserAgent(OPERATOR_AGENT)) {
      KubernetesClient client = cluster.client();
      cluster.answerRulesReviews(leaseRules);
      cluster.drainRequests();
      var lease = lease(leaseNamespace);
      var operator = operator(operatorClient, leaseNamespace, resultsDir);
      operator.start();
      await().atMost(WAIT).until(() -> leaseHeldBy(client, lease));
      try {
        play(cluster, client);
      } finally {
        operator.stop();
      }
      return observe(cluster.drainRequests(), cluster.createdBodies(OPERATOR_AGENT));
    }
  }

  private static void play(MockCluster cluster, KubernetesClient client) {
    Lakehouse lakehouse = Lakehouses.demo(DemoLakehouse.NAME, NAMESPACE);
    lakehouse.getMetadata().setUid(null);
    lakehouse.getMetadata().setGeneration(null);
    lakehouse.getSpec().volumeRetention = VolumeRetention.Delete;
    lakehouse.getSpec().trino = new TrinoSpec();
    lakehouse.getSpec().catalog = new CatalogSpec();
    lakehouse.getSpec().catalog.postgres = new PostgresSpec();
    client.resource(lakehouse).create();
    DemoLakehouse.makeReadyOnMock(client, NAMESPACE);

    Dataset events = Datasets.bronze("events", NAMESPACE);
    events.getMetadata().setUid(null);
    events.getSpec().deletionPolicy = DeletionPolicy.Drop;
    client.resource(events).create();
    Dataset byIp = Datasets.gold("by-ip", NAMESPACE, "events");
    byIp.getMetadata().setUid(null);
    byIp.getSpec().runAfterUpstream = true;
    byIp.getSpec().history = new RunHistoryLimits();
    byIp.getSpec().history.successfulRunsToKeep = 1;
    client.resource(byIp).create();

    // A run with Spark executors: its Role lets the driver manage executor pods. Its success
    // makes the derived Dataset follow with a run the operator creates; after a second round,
    // the first follow-up is pruned from the history.
    var pods = new MockRunPods(client, NAMESPACE);
    // The first follow-up cannot be created at once: the Dataset reports the failed reconcile.
    cluster.failOnce(
        OPERATOR_AGENT,
        "POST",
        "/apis/lakehouse.dev/v1alpha1/namespaces/" + NAMESPACE + "/ingestionruns");
    for (int round = 1; round <= 2; round++) {
      String run = "events-" + round;
      createRun(client, run, "events", round == 1 ? 2 : 0);
      finish(client, pods, run);
      String followUp = awaitFollowUp(client, round);
      finish(client, pods, followUp);
    }
    await().atMost(WAIT).until(() -> followUps(client).size() == 1);

    // A suspended run stops its Job.
    createRun(client, "events-3", "events", 0);
    awaitJob(client, "events-3-1");
    pods.start("events-3-1");
    client
        .resources(IngestionRun.class)
        .inNamespace(NAMESPACE)
        .withName("events-3")
        .edit(
            r -> {
              r.getSpec().suspend = true;
              return r;
            });
    awaitRun(client, "events-3", RunPhase.Suspended);
    await()
        .atMost(WAIT)
        .until(
            () ->
                client.batch().v1().jobs().inNamespace(NAMESPACE).withName("events-3-1").get()
                    == null);

    // Changed specs: Trino loses its workers and gets a NodePort, and the catalog moves to an
    // external database, so the deployed Postgres goes.
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("db")
                .withNamespace(NAMESPACE)
                .endMetadata()
                .addToStringData("username", "hive")
                .addToStringData("password", "secret")
                .build())
        .create();
    client
        .resources(Lakehouse.class)
        .inNamespace(NAMESPACE)
        .withName(DemoLakehouse.NAME)
        .edit(
            l -> {
              l.getSpec().trino.workers = 0;
              l.getSpec().trino.service = new TrinoServiceSpec();
              l.getSpec().trino.service.type = TrinoServiceSpec.Type.NodePort;
              l.getSpec().catalog =
                  Lakehouses.withExternalPostgres(Lakehouses.demo("x", NAMESPACE), "db")
                      .getSpec()
                      .catalog;
              return l;
            });
    await()
        .atMost(WAIT)
        .until(
            () ->
                client.apps().statefulSets().inNamespace(NAMESPACE).withName("demo-postgres").get()
                    == null);
    DemoLakehouse.makeReadyOnMock(client, NAMESPACE);

    Query query = new Query();
    query.setMetadata(new ObjectMetaBuilder().withName("top").withNamespace(NAMESPACE).build());
    query.setSpec(new QuerySpec());
    query.getSpec().lakehouse = DemoLakehouse.NAME;
    query.getSpec().sql = "SELECT 1";
    query.getSpec().output = new QueryOutput();
    query.getSpec().output.path = "reports/";
    client.resource(query).create();
    // Trino does not exist here: the query reaches "unavailable" and waits to retry.
    await()
        .atMost(WAIT)
        .until(
            () -> client.resources(Query.class).inNamespace(NAMESPACE).withName("top").get(),
            q -> q.getStatus() != null && q.getStatus().retries != null);
    client.resources(Query.class).inNamespace(NAMESPACE).withName("top").delete();
    awaitGone(client, Query.class, "top");

    client.resources(Dataset.class).inNamespace(NAMESPACE).withName("events").delete();
    awaitJob(client, "events-drop-1");
    new MockKubelet(client).finishJob(NAMESPACE, "events-drop-1", true);
    awaitGone(client, Dataset.class, "events");

    client.resources(Lakehouse.class).inNamespace(NAMESPACE).withName(DemoLakehouse.NAME).delete();
    awaitGone(client, Lakehouse.class, DemoLakehouse.NAME);
  }

  private static Observed observe(List<RecordedRequest> requests, List<String> createdBodies) {
    List<ApiCall> calls = new ArrayList<>();
    for (RecordedRequest request : requests) {
      if (OPERATOR_AGENT.equals(request.getHeader("User-Agent"))) {
        ApiCall.of(request.getMethod(), request.getPath()).ifPresent(calls::add);
      }
    }
    List<HasMetadata> created =
        createdBodies.stream().map(b -> JSON.unmarshal(b, HasMetadata.class)).toList();
    return new Observed(calls, created);
  }

  private static void createRun(
      KubernetesClient client, String name, String dataset, int executors) {
    var run = new IngestionRun();
    run.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    run.setSpec(new IngestionRunSpec());
    run.getSpec().dataset = dataset;
    run.getSpec().executors = executors;
    client.resource(run).create();
  }

  /** Starts the operator with leader election on and stops it again; start() throws if refused. */
  static void start(String leaseNamespace, List<PolicyRule> leaseRules, Path resultsDir) {
    try (MockCluster cluster = MockCluster.start();
        KubernetesClient operatorClient = cluster.clientWithUserAgent(OPERATOR_AGENT)) {
      cluster.answerRulesReviews(leaseRules);
      var operator = operator(operatorClient, leaseNamespace, resultsDir);
      try {
        operator.start();
      } finally {
        operator.stop();
      }
    }
  }

  private static LakehouseOperator operator(
      KubernetesClient client, String leaseNamespace, Path resultsDir) {
    return new LakehouseOperator(
        client,
        OperatorSettings.defaults(),
        Set.of(NAMESPACE),
        MutableClock.startingNow(),
        new ClusterQueryConnections(client, resultsDir),
        new OperatorOptions(0, Optional.of(lease(leaseNamespace)), () -> {}));
  }

  private static OperatorOptions.Lease lease(String namespace) {
    return new OperatorOptions.Lease("lakehouse-operator", namespace, "operator-0");
  }

  private static boolean leaseHeldBy(KubernetesClient client, OperatorOptions.Lease lease) {
    Lease held = client.leases().inNamespace(lease.namespace()).withName(lease.name()).get();
    return held != null && lease.identity().equals(held.getSpec().getHolderIdentity());
  }

  private static void finish(KubernetesClient client, MockRunPods pods, String run) {
    String job = run + "-1";
    awaitJob(client, job);
    pods.start(job);
    pods.succeed(job);
    awaitRun(client, run, RunPhase.Succeeded);
  }

  private static List<IngestionRun> followUps(KubernetesClient client) {
    return client.resources(IngestionRun.class).inNamespace(NAMESPACE).list().getItems().stream()
        .filter(r -> "by-ip".equals(r.getSpec().dataset))
        .toList();
  }

  /** The name of the follow-up run of the given round (runs are listed oldest first). */
  private static String awaitFollowUp(KubernetesClient client, int round) {
    await().atMost(WAIT).until(() -> followUps(client).size() >= round);
    return followUps(client).stream()
        .filter(r -> r.getStatus() == null || r.getStatus().phase != RunPhase.Succeeded)
        .findFirst()
        .orElseThrow()
        .getMetadata()
        .getName();
  }

  private static void awaitJob(KubernetesClient client, String name) {
    await()
        .atMost(WAIT)
        .until(
            () -> client.batch().v1().jobs().inNamespace(NAMESPACE).withName(name).get() != null);
  }

  private static void awaitRun(KubernetesClient client, String name, RunPhase phase) {
    await()
        .atMost(WAIT)
        .until(
            () -> client.resources(IngestionRun.class).inNamespace(NAMESPACE).withName(name).get(),
            r -> r.getStatus() != null && r.getStatus().phase == phase);
  }

  private static void awaitGone(
      KubernetesClient client, Class<? extends HasMetadata> type, String name) {
    await()
        .atMost(WAIT)
        .until(() -> client.resources(type).inNamespace(NAMESPACE).withName(name).get() == null);
  }
}
