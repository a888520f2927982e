package dev.lakehouse.operator.reliability;

import static org.awaitility.Awaitility.await;

import dev.lakehouse.api.common.ConditionTypes;
import dev.lakehouse.api.common.Conditions;
import dev.lakehouse.api.dataset.Dataset;
import dev.lakehouse.api.dataset.DeletionPolicy;
import dev.lakehouse.api.lakehouse.Lakehouse;
import dev.lakehouse.api.query.Query;
import dev.lakehouse.api.query.QueryOutput;
import dev.lakehouse.api.query.QueryPhase;
import dev.lakehouse.api.query.QuerySpec;
import dev.lakehouse.api.run.IngestionRun;
import dev.lakehouse.api.run.IngestionRunSpec;
import dev.lakehouse.api.run.RetryBudget;
import dev.lakehouse.api.run.RunPhase;
import dev.lakehouse.operator.dataset.Datasets;
import dev.lakehouse.operator.lakehouse.Lakehouses;
import dev.lakehouse.operator.testing.DemoLakehouse;
import dev.lakehouse.operator.testing.JobPodCheckpoints;
import dev.lakehouse.operator.testing.Kubelet;
import dev.lakehouse.operator.testing.RunPods;
import dev.lakehouse.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the operator does with credentials in hand, on the mock API server: a Lakehouse with
 * generated credentials; one on user-supplied S3 and database Secrets (the shape of
 * examples/lakehouse-external-s3.yaml), its S3 a local endpoint; one refused for a Secret without
 * its key; Datasets (one dropped by a Job); an IngestionRun that succeeds after checkpoints and one
 * with executors that fails on bad data; Queries, one uploading its result with the Lakehouse's S3
 * credentials and one whose upload S3 refuses.
 */
final class SecretsScenario {
  static final Duration WAIT = Duration.ofSeconds(30);

  /** The user-supplied Secrets, by name, key and value, as a real API server stores them. */
  static final Map<String, Map<String, String>> USER_SECRETS =
      Map.of(
          "analytics-s3",
          Map.of(
              "accessKey", "AKIAJ7LAKEHOUSE2QX5R",
              "secretKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCY/Lh0use=Q9"),
          "analytics-metastore-db",
          Map.of("username", "analytics_owner_7f3k", "password", "p@ss:w0rd/Lake&house#42!"),
          "broken-s3",
          Map.of("accessKey", "AKIAB9BROKENKEY4MZ8W"));

  private final TestCluster cluster;
  private final KubernetesClient client;
  private final String ns;
  private final LocalS3 s3;
  private final RunPods pods;

  SecretsScenario(TestCluster cluster, String namespace, LocalS3 s3) {
    this.cluster = cluster;
    this.client = cluster.client();
    this.ns = namespace;
    this.s3 = s3;
    this.pods = new RunPods(cluster);
  }

  void play() {
    DemoLakehouse.createReady(cluster);
    USER_SECRETS.forEach(this::createSecret);
    createAnalyticsLakehouse();
    createBrokenLakehouse();

    create(dataset("events", DemoLakehouse.NAME));
    create(dataset("orders", "analytics"));
    Dataset scratch = dataset("scratch", "analytics");
    scratch.getSpec().deletionPolicy = DeletionPolicy.Drop;
    create(scratch);

    succeedingRun();
    failingRunWithExecutors();

    create(query("top-events", DemoLakehouse.NAME, null));
    create(query("orders-report", "analytics", "reports/orders/"));
    create(query("orders-denied", "analytics", LocalS3.DENIED));
    awaitQuery("top-events", QueryPhase.Succeeded);
    awaitQuery("orders-report", QueryPhase.Succeeded);
    awaitQuery("orders-denied", QueryPhase.Failed);

    client.resources(Dataset.class).inNamespace(ns).withName("scratch").delete();
    awaitJob("scratch-drop-1");
    new Kubelet(cluster).finishJob(ns, "scratch-drop-1", true);
    await()
        .atMost(WAIT)
        .until(
            () ->
                client.resources(Dataset.class).inNamespace(ns).withName("scratch").get() == null);
  }

  private void createSecret(String name, Map<String, String> values) {
    Map<String, String> data = new LinkedHashMap<>();
    values.forEach(
        (key, value) ->
            data.put(
                key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withType("Opaque")
                .withData(data)
                .build())
        .create();
  }

  private void createAnalyticsLakehouse() {
    Lakehouse lakehouse =
        Lakehouses.withExternalPostgres(
            Lakehouses.withExternalS3(fresh("analytics"), "analytics-s3"),
            "analytics-metastore-db");
    lakehouse.getSpec().storage.bucket = "analytics-lakehouse";
    var external = lakehouse.getSpec().storage.external;
    external.endpoint = s3.endpoint();
    external.pathStyleAccess = true;
    external.credentialsSecret.accessKeyKey = "accessKey";
    external.credentialsSecret.secretKeyKey = "secretKey";
    create(lakehouse);
    await()
        .atMost(WAIT)
        .until(
            () ->
                client.apps().deployments().inNamespace(ns).withName("analytics-trino-worker").get()
                    != null);
    new Kubelet(cluster).awaitWorkloadsReady(ns, "analytics");
    awaitLakehouse("analytics", l -> "Ready".equals(l.getStatus().phase));
  }

  /** Refused: its Secret lacks secretKey. The refusal names the Secret, never a value. */
  private void createBrokenLakehouse() {
    Lakehouse lakehouse = Lakehouses.withExternalS3(fresh("broken"), "broken-s3");
    lakehouse.getSpec().storage.external.credentialsSecret.accessKeyKey = "accessKey";
    lakehouse.getSpec().storage.external.credentialsSecret.secretKeyKey = "secretKey";
    create(lakehouse);
    awaitLakehouse(
        "broken",
        l ->
            Conditions.find(l.getStatus().conditions, ConditionTypes.READY)
                .map(c -> c.getMessage().contains("has no key"))
                .orElse(false));
  }

  private void succeedingRun() {
    create(run("events-1", "events", spec -> {}));
    awaitJob("events-1-1");
    pods.start("events-1-1");
    var store = JobPodCheckpoints.store(cluster, ns, "events-1");
    for (int batch = 1; batch <= 3; batch++) {
      store.save(JobPodCheckpoints.after(batch, 3, 1));
    }
    pods.succeed("events-1-1");
    awaitRun("events-1", RunPhase.Succeeded);
  }

  private void failingRunWithExecutors() {
    create(
        run(
            "orders-1",
            "orders",
            spec -> {
              spec.executors = 2;
              spec.retries = new RetryBudget();
              spec.retries.application = 0;
            }));
    awaitJob("orders-1-1");
    pods.start("orders-1-1");
    JobPodCheckpoints.store(cluster, ns, "orders-1").save(JobPodCheckpoints.after(1, 4, 0));
    pods.exit(
        "orders-1-1",
        11,
        "batch 2 of bronze.orders rejected 41% of its rows, over maxRejectedFraction 0.01");
    awaitRun("orders-1", RunPhase.Failed);
  }

  private Lakehouse fresh(String name) {
    Lakehouse lakehouse = Lakehouses.demo(name, ns);
    lakehouse.getMetadata().setUid(null);
    lakehouse.getMetadata().setGeneration(null);
    return lakehouse;
  }

  private Dataset dataset(String name, String lakehouse) {
    Dataset dataset = Datasets.bronze(name, ns);
    dataset.getMetadata().setUid(null);
    dataset.getMetadata().setGeneration(null);
    dataset.getSpec().lakehouse = lakehouse;
    return dataset;
  }

  private IngestionRun run(
      String name, String dataset, java.util.function.Consumer<IngestionRunSpec> customize) {
    var spec = new IngestionRunSpec();
    spec.dataset = dataset;
    customize.accept(spec);
    var run = new IngestionRun();
    run.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
    run.setSpec(spec);
    return run;
  }

  private Query query(String name, String lakehouse, String outputPath) {
    var query = new Query();
    query.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
    query.setSpec(new QuerySpec());
    query.getSpec().lakehouse = lakehouse;
    query.getSpec().sql = "SELECT ip, count(*) AS errors FROM bronze.events GROUP BY ip";
    if (outputPath != null) {
      query.getSpec().output = new QueryOutput();
      query.getSpec().output.path = outputPath;
    }
    return query;
  }

  private void create(HasMetadata resource) {
    client.resource(resource).create();
  }

  private void awaitJob(String name) {
    await()
        .atMost(WAIT)
        .until(() -> client.batch().v1().jobs().inNamespace(ns).withName(name).get() != null);
  }

  private void awaitLakehouse(String name, Predicate<Lakehouse> until) {
    await()
        .atMost(WAIT)
        .until(
            () -> client.resources(Lakehouse.class).inNamespace(ns).withName(name).get(),
            l -> l != null && l.getStatus() != null && until.test(l));
  }

  private void awaitRun(String name, RunPhase phase) {
    await()
        .atMost(WAIT)
        .until(
            () -> client.resources(IngestionRun.class).inNamespace(ns).withName(name).get(),
            r -> r.getStatus() != null && r.getStatus().phase == phase);
  }

  private void awaitQuery(String name, QueryPhase phase) {
    await()
        .atMost(WAIT)
        .until(
            () -> client.resources(Query.class).inNamespace(ns).withName(name).get(),
            q -> q.getStatus() != null && q.getStatus().phase == phase);
  }
}
