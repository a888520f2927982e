package dev.lakehouse.helm;

import static org.awaitility.Awaitility.await;

import dev.lakehouse.api.dataset.Dataset;
import dev.lakehouse.api.dataset.DeletionPolicy;
import dev.lakehouse.api.dataset.RunHistoryLimits;
import dev.lakehouse.api.lakehouse.CatalogSpec;
import dev.lakehouse.api.lakehouse.Lakehouse;
import dev.lakehouse.api.lakehouse.PostgresSpec;
import dev.lakehouse.api.lakehouse.SeaweedfsSpec;
import dev.lakehouse.api.lakehouse.TrinoServiceSpec;
import dev.lakehouse.api.lakehouse.TrinoSpec;
import dev.lakehouse.api.lakehouse.VolumeRetention;
import dev.lakehouse.api.query.Query;
import dev.lakehouse.api.query.QueryOutput;
import dev.lakehouse.api.query.QuerySpec;
import dev.lakehouse.api.run.IngestionRun;
import dev.lakehouse.api.run.IngestionRunSpec;
import dev.lakehouse.api.run.RunPhase;
import dev.lakehouse.kubetesting.AuditLog;
import dev.lakehouse.operator.LakehouseOperator;
import dev.lakehouse.operator.OperatorOptions;
import dev.lakehouse.operator.OperatorSettings;
import dev.lakehouse.operator.dataset.Datasets;
import dev.lakehouse.operator.lakehouse.Lakehouses;
import dev.lakehouse.operator.query.ClusterQueryConnections;
import dev.lakehouse.operator.testing.ChartRbac;
import dev.lakehouse.operator.testing.DemoLakehouse;
import dev.lakehouse.operator.testing.ForeignFinalizerRace;
import dev.lakehouse.operator.testing.Kubelet;
import dev.lakehouse.operator.testing.MutableClock;
import dev.lakehouse.operator.testing.OperatorRequests;
import dev.lakehouse.operator.testing.RunPods;
import dev.lakehouse.operator.testing.TestCluster;
import dev.lakehouse.operator.testing.TestProvisioner;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Drives the real operator through every path that talks to the API server, on the real API server
 * under the chart's RBAC: a Lakehouse comes up and is deleted with its volumes, Datasets (one
 * derived, one dropped on deletion) get runs with and without Spark executors, a Query with an
 * output runs and is deleted, and each deletion meets another controller's finalizer change, so
 * JOSDK's conflict path (a GET and a second patch) is taken too. The operator has its own
 * User-Agent, so the server's audit log tells its requests from the test's.
 */
final class OperatorScenario {
  private static final String OPERATOR_AGENT = "lakehouse-operator-under-test";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  /**
   * What the operator did in {@code namespace}: its requests as the server logged them, and the
   * objects it created (with their bodies).
   */
  record Observed(String namespace, List<ApiCall> calls, List<HasMetadata> created) {
    List<Role> createdRoles() {
      return created.stream().filter(Role.class::isInstance).map(Role.class::cast).toList();
    }

    List<OwnerReference> ownerReferences() {
      return created.stream().flatMap(o -> o.getMetadata().getOwnerReferences().stream()).toList();
    }
  }

  /**
   * Runs the operator as the chart deploys it: as its ServiceAccount, watching one namespace,
   * electing its leader with a Lease in the release namespace.
   */
  static Observed run(Path resultsDir) {
    try (TestCluster cluster = TestCluster.start("rbac")) {
      String namespace = cluster.namespace();
      var recorder = new OperatorRequests();
      var race = new ForeignFinalizerRace(cluster.client());
      var failOnce =
          new FailOnce(
              "POST", "/apis/lakehouse.dev/v1alpha1/namespaces/" + namespace + "/ingestionruns");
      AuditLog audit = cluster.controlPlane().auditLog();
      audit.drain();
      try (KubernetesClient operatorClient =
          cluster.operatorClient(OPERATOR_AGENT, failOnce, race, recorder)) {
        var lease = lease("lakehouse-operator-rbac");
        var operator = operator(operatorClient, namespace, lease, resultsDir);
        operator.start();
        try {
          await().atMost(WAIT).until(() -> leaseHeldBy(cluster.client(), lease));
          play(cluster, cluster.client(), cluster.namespace(), race);
        } finally {
          operator.stop();
        }
      }
      List<ApiCall> calls = new ArrayList<>();
      for (AuditLog.Request request : audit.drain()) {
        if (OPERATOR_AGENT.equals(request.userAgent())) {
          ApiCall.of(request.method(), request.path()).ifPresent(calls::add);
        }
      }
      List<HasMetadata> created =
          recorder.calls().stream()
              .filter(c -> c.method().equals("POST") && c.succeeded() && c.body() != null)
              .map(c -> JSON.unmarshal(c.body(), HasMetadata.class))
              // reviews (SelfSubjectRulesReview) are created too, but are no objects
              .filter(o -> o.getMetadata() != null)
              .toList();
      return new Observed(namespace, calls, created);
    }
  }

  private static void play(
      TestCluster cluster, KubernetesClient client, String ns, ForeignFinalizerRace race) {
    Lakehouse lakehouse = Lakehouses.demo(DemoLakehouse.NAME, ns);
    lakehouse.getMetadata().setUid(null);
    lakehouse.getMetadata().setGeneration(null);
    lakehouse.getSpec().volumeRetention = VolumeRetention.Delete;
    lakehouse.getSpec().trino = new TrinoSpec();
    lakehouse.getSpec().catalog = new CatalogSpec();
    lakehouse.getSpec().catalog.postgres = new PostgresSpec();
    var volumes = new TestProvisioner(client, ns);
    lakehouse.getSpec().storage.seaweedfs = new SeaweedfsSpec();
    lakehouse.getSpec().storage.seaweedfs.storageClassName = volumes.storageClass("rbac", true);
    race.createWithForeignFinalizer(lakehouse);
    DemoLakehouse.makeReady(cluster, ns);
    volumes.bind(
        "data-demo-seaweedfs-0", lakehouse.getSpec().storage.seaweedfs.storageClassName, "20Gi");

    Dataset events = Datasets.bronze("events", ns);
    events.getMetadata().setUid(null);
    events.getMetadata().setGeneration(null);
    events.getSpec().deletionPolicy = DeletionPolicy.Drop;
    race.createWithForeignFinalizer(events);
    Dataset byIp = Datasets.gold("by-ip", ns, "events");
    byIp.getMetadata().setUid(null);
    byIp.getSpec().runAfterUpstream = true;
    byIp.getSpec().history = new RunHistoryLimits();
    byIp.getSpec().history.successfulRunsToKeep = 1;
    client.resource(byIp).create();

    // A run with Spark executors: its Role lets the driver manage executor pods. Its success
    // makes the derived Dataset follow with a run the operator creates; after a second round,
    // the first follow-up is pruned from the history.
    // The first follow-up cannot be created at once (FailOnce): the Dataset reports the failed
    // reconcile.
    var pods = new RunPods(cluster, ns);
    for (int round = 1; round <= 2; round++) {
      String run = "events-" + round;
      createRun(client, ns, run, "events", round == 1 ? 2 : 0);
      finish(client, pods, ns, run);
      String followUp = awaitFollowUp(client, ns, round);
      finish(client, pods, ns, followUp);
    }
    await().atMost(WAIT).until(() -> followUps(client, ns).size() == 1);

    // A suspended run stops its Job.
    createRun(client, ns, "events-3", "events", 0);
    awaitJob(client, ns, "events-3-1");
    pods.start("events-3-1");
    client
        .resources(IngestionRun.class)
        .inNamespace(ns)
        .withName("events-3")
        .edit(
            r -> {
              r.getSpec().suspend = true;
              return r;
            });
    awaitRun(client, ns, "events-3", RunPhase.Suspended);
    await()
        .atMost(WAIT)
        .until(
            () -> client.batch().v1().jobs().inNamespace(ns).withName("events-3-1").get() == null);

    // Changed specs: SeaweedFS's volume grows, Trino loses its workers and gets a NodePort, and the
    // catalog moves to an external database, so the deployed Postgres goes.
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("db")
                .withNamespace(ns)
                .endMetadata()
                .addToStringData("username", "hive")
                .addToStringData("password", "secret")
                .build())
        .create();
    client
        .resources(Lakehouse.class)
        .inNamespace(ns)
        .withName(DemoLakehouse.NAME)
        .edit(
            l -> {
              l.getSpec().storage.seaweedfs.size = new Quantity("30Gi");
              l.getSpec().trino.workers = 0;
              l.getSpec().trino.service = new TrinoServiceSpec();
              l.getSpec().trino.service.type = TrinoServiceSpec.Type.NodePort;
              l.getSpec().catalog =
                  Lakehouses.withExternalPostgres(Lakehouses.demo("x", ns), "db").getSpec().catalog;
              return l;
            });
    await()
        .atMost(WAIT)
        .until(
            () ->
                client.apps().statefulSets().inNamespace(ns).withName("demo-postgres").get()
                    == null);
    DemoLakehouse.awaitReadyAgain(cluster, ns);
    await()
        .atMost(WAIT)
        .until(
            () ->
                new Quantity("30Gi")
                    .equals(
                        volumes
                            .claim("data-demo-seaweedfs-0")
                            .getSpec()
                            .getResources()
                            .getRequests()
                            .get("storage")));

    Query query = new Query();
    query.setMetadata(new ObjectMetaBuilder().withName("top").withNamespace(ns).build());
    query.setSpec(new QuerySpec());
    query.getSpec().lakehouse = DemoLakehouse.NAME;
    query.getSpec().sql = "SELECT 1";
    query.getSpec().output = new QueryOutput();
    query.getSpec().output.path = "reports/";
    race.createWithForeignFinalizer(query);
    // Trino does not exist here: the query reaches "unavailable" and waits to retry.
    await()
        .atMost(WAIT)
        .until(
            () -> client.resources(Query.class).inNamespace(ns).withName("top").get(),
            q -> q.getStatus() != null && q.getStatus().retries != null);
    race.arm(query);
    client.resources(Query.class).inNamespace(ns).withName("top").delete();
    awaitGone(client, ns, Query.class, "top");

    race.arm(events);
    client.resources(Dataset.class).inNamespace(ns).withName("events").delete();
    awaitJob(client, ns, "events-drop-1");
    new Kubelet(cluster).finishJob(ns, "events-drop-1", true);
    awaitGone(client, ns, Dataset.class, "events");

    race.arm(lakehouse);
    client.resources(Lakehouse.class).inNamespace(ns).withName(DemoLakehouse.NAME).delete();
    awaitGone(client, ns, Lakehouse.class, DemoLakehouse.NAME);
    volumes.close();
    for (HasMetadata raced : List.of(query, events, lakehouse)) {
      if (!race.fired(raced)) {
        throw new AssertionError(
            "no finalizer patch of " + raced.getMetadata().getName() + " met the race");
      }
    }
  }

  private static void createRun(
      KubernetesClient client, String ns, String name, String dataset, int executors) {
    var run = new IngestionRun();
    run.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
    run.setSpec(new IngestionRunSpec());
    run.getSpec().dataset = dataset;
    run.getSpec().executors = executors;
    client.resource(run).create();
  }

  /**
   * Starts the operator with leader election on, its Lease Role's rules replaced by {@code
   * leaseRules} for the time, and stops it again; start() throws if refused.
   */
  static void start(List<PolicyRule> leaseRules, Path resultsDir) {
    try (TestCluster cluster = TestCluster.start("rbac-start");
        var leaseRole = LeaseRole.replacedWith(cluster.client(), leaseRules);
        KubernetesClient operatorClient = cluster.operatorClient(OPERATOR_AGENT)) {
      var operator =
          operator(
              operatorClient, cluster.namespace(), lease("lakehouse-operator-refused"), resultsDir);
      try {
        operator.start();
      } finally {
        operator.stop();
      }
    }
  }

  private static LakehouseOperator operator(
      KubernetesClient client, String namespace, OperatorOptions.Lease lease, Path resultsDir) {
    return new LakehouseOperator(
        client,
        OperatorSettings.defaults(),
        Set.of(namespace),
        MutableClock.startingNow(),
        new ClusterQueryConnections(client, resultsDir),
        new OperatorOptions(0, Optional.of(lease), () -> {}));
  }

  private static OperatorOptions.Lease lease(String name) {
    return new OperatorOptions.Lease(name, ChartRbac.NAMESPACE, "operator-0");
  }

  private static boolean leaseHeldBy(KubernetesClient client, OperatorOptions.Lease lease) {
    Lease held = client.leases().inNamespace(lease.namespace()).withName(lease.name()).get();
    return held != null && lease.identity().equals(held.getSpec().getHolderIdentity());
  }

  private static void finish(KubernetesClient client, RunPods pods, String ns, String run) {
    String job = run + "-1";
    awaitJob(client, ns, job);
    pods.start(job);
    pods.succeed(job);
    awaitRun(client, ns, run, RunPhase.Succeeded);
  }

  private static List<IngestionRun> followUps(KubernetesClient client, String ns) {
    return client.resources(IngestionRun.class).inNamespace(ns).list().getItems().stream()
        .filter(r -> "by-ip".equals(r.getSpec().dataset))
        .toList();
  }

  /** The name of the follow-up run of the given round (runs are listed oldest first). */
  private static String awaitFollowUp(KubernetesClient client, String ns, int round) {
    await().atMost(WAIT).until(() -> followUps(client, ns).size() >= round);
    return followUps(client, ns).stream()
        .filter(r -> r.getStatus() == null || r.getStatus().phase != RunPhase.Succeeded)
        .findFirst()
        .orElseThrow()
        .getMetadata()
        .getName();
  }

  private static void awaitJob(KubernetesClient client, String ns, String name) {
    await()
        .atMost(WAIT)
        .until(() -> client.batch().v1().jobs().inNamespace(ns).withName(name).get() != null);
  }

  private static void awaitRun(KubernetesClient client, String ns, String name, RunPhase phase) {
    await()
        .atMost(WAIT)
        .until(
            () -> client.resources(IngestionRun.class).inNamespace(ns).withName(name).get(),
            r -> r.getStatus() != null && r.getStatus().phase == phase);
  }

  private static void awaitGone(
      KubernetesClient client, String ns, Class<? extends HasMetadata> type, String name) {
    await()
        .atMost(WAIT)
        .until(() -> client.resources(type).inNamespace(ns).withName(name).get() == null);
  }
}
