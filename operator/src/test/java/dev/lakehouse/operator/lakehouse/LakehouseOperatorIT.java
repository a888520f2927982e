package dev.lakehouse.operator.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.lakehouse.api.common.ConditionTypes;
import dev.lakehouse.api.common.Conditions;
import dev.lakehouse.api.lakehouse.Lakehouse;
import dev.lakehouse.api.lakehouse.MinioSpec;
import dev.lakehouse.api.lakehouse.SeaweedfsSpec;
import dev.lakehouse.api.lakehouse.VolumeRetention;
import dev.lakehouse.operator.LakehouseOperator;
import dev.lakehouse.operator.OperatorSettings;
import dev.lakehouse.operator.k8s.Labels;
import dev.lakehouse.operator.testing.Kubelet;
import dev.lakehouse.operator.testing.OnConflict;
import dev.lakehouse.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real JOSDK operator, as the chart's ServiceAccount, against the real API server: the real
 * Deployment, StatefulSet and Job controllers make the pods, the test kubelet runs them.
 */
class LakehouseOperatorIT {
  static final Duration WAIT = Duration.ofSeconds(60);

  TestCluster cluster;
  KubernetesClient client;
  String ns;
  LakehouseOperator operator;

  @BeforeEach
  void start() {
    cluster = TestCluster.start("lakehouse");
    client = cluster.client();
    ns = cluster.namespace();
    operator =
        new LakehouseOperator(cluster.operatorClient(), OperatorSettings.defaults(), Set.of(ns));
    operator.start();
  }

  @AfterEach
  void stop() {
    operator.stop();
    cluster.close();
  }

  @Test
  void applyingALakehouseDeploysEveryComponentWiredTogether() {
    create(Lakehouses.demo("demo", ns));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(owned("demo"))
                    .containsAll(
                        List.of(
                            "Secret/demo-storage-credentials",
                            "Secret/demo-catalog-credentials",
                            "Secret/demo-trino-internal",
                            "Secret/demo-seaweedfs-internal",
                            "Service/demo-postgres",
                            "StatefulSet/demo-postgres",
                            "ConfigMap/demo-metastore",
                            "Service/demo-metastore",
                            "Deployment/demo-metastore",
                            "Service/demo-seaweedfs",
                            "StatefulSet/demo-seaweedfs",
                            "ConfigMap/demo-trino-coordinator",
                            "Deployment/demo-trino-coordinator",
                            "ConfigMap/demo-trino-worker",
                            "Deployment/demo-trino-worker",
                            "Service/demo-trino")));
    Lakehouse lakehouse = awaitStatus("demo", s -> s.observedGeneration != null);

    assertThat(lakehouse.getMetadata().getFinalizers()).isNotEmpty();
    // The test kubelet makes the pods ready at once, and SeaweedFS has no bucket Job to wait for:
    // the Lakehouse may be Ready by now, after a first Provisioning (the event says so below).
    assertThat(lakehouse.getStatus().phase).isIn("Provisioning", "Ready");
    assertThat(lakehouse.getStatus().conditions)
        .extracting(c -> c.getType())
        .containsExactlyInAnyOrder(
            "Applied", "StorageReady", "CatalogReady", "MetastoreReady", "TrinoReady", "Ready");
    assertThat(lakehouse.getStatus().endpoints.trino)
        .isEqualTo("http://demo-trino." + ns + ".svc:8080");
    assertThat(lakehouse.getStatus().endpoints.metastore)
        .isEqualTo("thrift://demo-metastore." + ns + ".svc:9083");
    assertThat(lakehouse.getStatus().endpoints.s3)
        .isEqualTo("http://demo-seaweedfs." + ns + ".svc:8333");
    assertThat(lakehouse.getStatus().credentials.storage).isEqualTo("demo-storage-credentials");

    // The objects reference each other by the names the Services really have.
    ConfigMap metastore = client.configMaps().inNamespace(ns).withName("demo-metastore").get();
    assertThat(metastore.getData().get("metastore-site.xml"))
        .contains("demo-postgres." + ns + ".svc:5432");
    Secret catalog = client.secrets().inNamespace(ns).withName("demo-catalog-credentials").get();
    var metastorePod =
        client
            .apps()
            .deployments()
            .inNamespace(ns)
            .withName("demo-metastore")
            .get()
            .getSpec()
            .getTemplate()
            .getSpec();
    assertThat(metastorePod.getContainers().get(0).getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("LAKEHOUSE_DB_PASSWORD");
              assertThat(e.getValueFrom().getSecretKeyRef().getName())
                  .isEqualTo(catalog.getMetadata().getName());
            });
    assertThat(reasons("demo")).contains("Applied", "Provisioning");
  }

  @Test
  void readySeaweedfsAndWorkloadsMakeTheLakehouseReady() {
    create(Lakehouses.demo("demo", ns));
    await().atMost(WAIT).until(() -> owned("demo").contains("Deployment/demo-trino-worker"));
    assertThat(owned("demo")).noneMatch(o -> o.contains("minio"));

    new Kubelet(cluster).awaitWorkloadsReady(ns, "demo");
    Lakehouse ready = awaitStatus("demo", s -> "Ready".equals(s.phase));

    Condition storage =
        Conditions.find(ready.getStatus().conditions, ConditionTypes.STORAGE_READY).orElseThrow();
    assertThat(storage.getReason()).isEqualTo("SeaweedfsReady");
    assertThat(storage.getMessage()).isEqualTo("SeaweedFS is ready and serves bucket lakehouse");
  }

  @Test
  void readyMinioWorkloadsAndBucketMakeTheLakehouseReady() {
    create(Lakehouses.withMinio(Lakehouses.demo("demo", ns)));
    await().atMost(WAIT).until(() -> owned("demo").contains("Deployment/demo-trino-worker"));

    var kubelet = new Kubelet(cluster);
    kubelet.awaitWorkloadsReady(ns, "demo");
    Lakehouse waiting =
        awaitStatus(
            "demo",
            s ->
                "BucketPending"
                    .equals(
                        Conditions.find(s.conditions, ConditionTypes.STORAGE_READY)
                            .orElseThrow()
                            .getReason()));
    assertThat(Conditions.isTrue(waiting.getStatus().conditions, ConditionTypes.TRINO_READY))
        .isTrue();

    kubelet.finishJob(ns, "demo-minio-bucket", true);
    Lakehouse ready = awaitStatus("demo", s -> "Ready".equals(s.phase));

    assertThat(ready.getStatus().conditions)
        .allSatisfy(c -> assertThat(c.getStatus()).isEqualTo("True"));
    assertThat(reasons("demo")).contains("Ready", "ComponentReady");
  }

  @Test
  void credentialsNeverLeakIntoConfigMapsStatusEventsOrLogs() {
    var logs =
        new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
    var root =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    logs.start();
    root.addAppender(logs);
    try {
      create(Lakehouses.demo("demo", ns));
      await().atMost(WAIT).until(() -> owned("demo").contains("Deployment/demo-trino-worker"));
      var kubelet = new Kubelet(cluster);
      kubelet.awaitWorkloadsReady(ns, "demo");
      Lakehouse ready = awaitStatus("demo", s -> "Ready".equals(s.phase));

      List<String> values =
          client
              .secrets()
              .inNamespace(ns)
              .withLabels(Map.of(Labels.LAKEHOUSE, "demo"))
              .list()
              .getItems()
              .stream()
              .flatMap(
                  secret ->
                      secret.getData().values().stream()
                          .map(
                              v ->
                                  new String(
                                      java.util.Base64.getDecoder().decode(v),
                                      java.nio.charset.StandardCharsets.UTF_8)))
              .filter(v -> v.length() >= 12)
              .toList();
      assertThat(values).hasSizeGreaterThanOrEqualTo(4);
      List<String> visible = new java.util.ArrayList<>();
      client
          .configMaps()
          .inNamespace(ns)
          .list()
          .getItems()
          .forEach(c -> visible.addAll(c.getData().values()));
      visible.add(client.getKubernetesSerialization().asJson(ready));
      client
          .v1()
          .events()
          .inNamespace(ns)
          .list()
          .getItems()
          .forEach(e -> visible.add(e.getMessage()));
      logs.list.forEach(e -> visible.add(e.getFormattedMessage()));
      assertThat(logs.list).isNotEmpty();
      for (String value : values) {
        assertThat(visible).noneMatch(text -> text != null && text.contains(value));
      }
    } finally {
      root.detachAppender(logs);
    }
  }

  @Test
  void failedBucketJobIsExplained() {
    create(Lakehouses.withMinio(Lakehouses.demo("demo", ns)));
    await().atMost(WAIT).until(() -> owned("demo").contains("Job/demo-minio-bucket"));
    var kubelet = new Kubelet(cluster);
    kubelet.awaitWorkloadsReady(ns, "demo");
    kubelet.finishJob(ns, "demo-minio-bucket", false);

    Lakehouse lakehouse =
        awaitStatus(
            "demo",
            s ->
                "BucketCreationFailed"
                    .equals(
                        Conditions.find(s.conditions, ConditionTypes.STORAGE_READY)
                            .orElseThrow()
                            .getReason()));
    assertThat(
            Conditions.find(lakehouse.getStatus().conditions, ConditionTypes.READY)
                .orElseThrow()
                .getMessage())
        .contains("could not create bucket lakehouse")
        .contains("kubectl logs job/demo-minio-bucket");
    await().atMost(WAIT).until(() -> reasons("demo").contains("BucketCreationFailed"));
  }

  @Test
  void changingTrinoRollsTheWorkersAndKeepsTheSecrets() {
    create(Lakehouses.withTrino(Lakehouses.demo("demo", ns), 1, "2Gi"));
    await().atMost(WAIT).until(() -> owned("demo").contains("Deployment/demo-trino-worker"));
    Map<String, Map<String, String>> secretsBefore = secretData("demo");
    String hashBefore = configHash("demo-trino-worker");

    OnConflict.retry(
        () ->
            client
                .resources(Lakehouse.class)
                .inNamespace(ns)
                .withName("demo")
                .edit(
                    lh -> {
                      lh.getSpec().trino.workers = 3;
                      lh.getSpec().trino.resources.getLimits().put("memory", new Quantity("4Gi"));
                      lh.getSpec().trino.resources.getRequests().put("memory", new Quantity("4Gi"));
                      return lh;
                    }));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Deployment workers =
                  client.apps().deployments().inNamespace(ns).withName("demo-trino-worker").get();
              assertThat(workers.getSpec().getReplicas()).isEqualTo(3);
              assertThat(configHash("demo-trino-worker")).isNotEqualTo(hashBefore);
            });
    assertThat(
            client
                .configMaps()
                .inNamespace(ns)
                .withName("demo-trino-worker")
                .get()
                .getData()
                .get("jvm.config"))
        .contains("-Xmx3276M");
    assertThat(
            client
                .configMaps()
                .inNamespace(ns)
                .withName("demo-trino-coordinator")
                .get()
                .getData()
                .get("config.properties"))
        .contains("query.max-memory=2946MB");
    awaitStatus("demo", s -> s.observedGeneration == 2L);
    assertThat(secretData("demo")).isEqualTo(secretsBefore);
  }

  @Test
  void aRestartedOperatorMakesNoWritesOnAnUnchangedLakehouse() throws Exception {
    create(Lakehouses.demo("demo", ns));
    await().atMost(WAIT).until(() -> owned("demo").contains("Deployment/demo-trino-worker"));
    var kubelet = new Kubelet(cluster);
    kubelet.awaitWorkloadsReady(ns, "demo");
    awaitStatus("demo", s -> "Ready".equals(s.phase));
    Map<String, Map<String, String>> secretsBefore = secretData("demo");

    operator.stop();
    cluster.requests().drain();
    operator =
        new LakehouseOperator(cluster.operatorClient(), OperatorSettings.defaults(), Set.of(ns));
    operator.start();
    Thread.sleep(6_000);

    var requests = cluster.requests().drain();
    assertThat(requests).anySatisfy(r -> assertThat(r.path()).contains("/lakehouses"));
    assertThat(requests.stream().filter(r -> r.isWrite()).toList()).isEmpty();
    assertThat(secretData("demo")).isEqualTo(secretsBefore);
  }

  @Test
  void deletingRemovesOwnedObjectsAndRetainsVolumesAndCredentials() {
    create(Lakehouses.demo("demo", ns));
    await().atMost(WAIT).until(() -> owned("demo").contains("Service/demo-trino"));
    awaitClaim("data-demo-postgres-0");

    client.resources(Lakehouse.class).inNamespace(ns).withName("demo").delete();

    await()
        .atMost(WAIT)
        .until(
            () -> client.resources(Lakehouse.class).inNamespace(ns).withName("demo").get() == null);
    assertThat(owned("demo"))
        .containsExactlyInAnyOrder(
            "Secret/demo-storage-credentials",
            "Secret/demo-seaweedfs-internal",
            "Secret/demo-catalog-credentials",
            "Secret/demo-trino-internal");
    assertThat(
            client.persistentVolumeClaims().inNamespace(ns).withName("data-demo-postgres-0").get())
        .isNotNull();
    assertThat(reasons("demo")).contains("Deleted");
  }

  @Test
  void deletingWithVolumeRetentionDeleteRemovesVolumesAndCredentials() {
    Lakehouse lakehouse = Lakehouses.demo("demo", ns);
    lakehouse.getSpec().volumeRetention = VolumeRetention.Delete;
    create(lakehouse);
    await().atMost(WAIT).until(() -> owned("demo").contains("Service/demo-trino"));
    awaitClaim("data-demo-postgres-0");

    client.resources(Lakehouse.class).inNamespace(ns).withName("demo").delete();

    await()
        .atMost(WAIT)
        .until(
            () -> client.resources(Lakehouse.class).inNamespace(ns).withName("demo").get() == null);
    assertThat(owned("demo")).isEmpty();
    assertThat(
            client.persistentVolumeClaims().inNamespace(ns).withName("data-demo-postgres-0").get())
        .isNull();
  }

  @Test
  void aMissingSecretIsReportedAndTheLakehouseRecoversOnceItExists() {
    create(Lakehouses.withExternalS3(Lakehouses.demo("ext", ns), "aws-credentials"));

    Lakehouse refused = awaitStatus("ext", s -> "Invalid".equals(s.phase));
    var ready = Conditions.find(refused.getStatus().conditions, ConditionTypes.READY).orElseThrow();
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("SecretNotFound");
    assertThat(ready.getMessage())
        .contains("Secret \"aws-credentials\"")
        .contains("spec.storage.external.credentialsSecret")
        .contains("AWS_ACCESS_KEY_ID");
    assertThat(owned("ext")).noneMatch(o -> o.startsWith("Deployment/"));
    await().atMost(WAIT).until(() -> reasons("ext").contains("SecretNotFound"));

    client
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("aws-credentials")
                .endMetadata()
                .addToStringData("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE")
                .addToStringData("AWS_SECRET_ACCESS_KEY", "example-secret-key")
                .build())
        .create();

    await()
        .atMost(Duration.ofSeconds(40))
        .until(() -> owned("ext").contains("Deployment/demo-trino-worker".replace("demo", "ext")));
    assertThat(owned("ext")).noneMatch(o -> o.contains("minio") || o.contains("seaweedfs"));
    // With external storage there is no bucket Job: once the pods run it is Ready.
    Lakehouse recovered = awaitStatus("ext", s -> "Ready".equals(s.phase));
    assertThat(
            Conditions.find(recovered.getStatus().conditions, ConditionTypes.STORAGE_READY)
                .orElseThrow()
                .getReason())
        .isEqualTo("ExternalEndpoint");
  }

  @Test
  void theApiServerRefusesWhatTheCrdRulesForbid() {
    Lakehouse both = Lakehouses.withMinio(Lakehouses.demo("both", ns));
    both.getSpec().storage.external =
        Lakehouses.withExternalS3(Lakehouses.demo("x", ns), "x").getSpec().storage.external;
    Lakehouse longName = Lakehouses.demo("a-very-long-lakehouse-name-that-breaks-services", ns);
    Lakehouse noCredentials = Lakehouses.withExternalS3(Lakehouses.demo("no-credentials", ns), "x");
    noCredentials.getSpec().storage.external.credentialsSecret = null;

    assertThatThrownBy(() -> create(noCredentials))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("spec.storage.external.credentialsSecret: Required value");
    assertThatThrownBy(() -> create(both))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining(
            "set at most one of storage.seaweedfs, storage.minio and storage.external");
    assertThatThrownBy(() -> create(longName))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("metadata.name may have at most 40 characters");
  }

  @Test
  void theDeployedStorageServerIsNeverSwapped() {
    create(Lakehouses.demo("demo", ns));
    create(Lakehouses.withMinio(Lakehouses.demo("with-minio", ns)));
    await().atMost(WAIT).until(() -> owned("demo").contains("StatefulSet/demo-seaweedfs"));

    // Refused at admission where the spec itself says what ran.
    assertThatThrownBy(() -> edit("with-minio", l -> l.getSpec().storage.minio = null))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining(
            "the deployed storage server cannot change between SeaweedFS and MinIO");
    edit("demo", l -> l.getSpec().storage.seaweedfs = new SeaweedfsSpec());
    assertThatThrownBy(
            () ->
                edit(
                    "demo",
                    l -> {
                      l.getSpec().storage.seaweedfs = null;
                      l.getSpec().storage.minio = new MinioSpec();
                    }))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining(
            "the deployed storage server cannot change between SeaweedFS and MinIO");

    // Refused by the operator where only the running servers say it: SeaweedFS stays.
    create(Lakehouses.demo("unnamed", ns));
    await().atMost(WAIT).until(() -> owned("unnamed").contains("StatefulSet/unnamed-seaweedfs"));
    edit("unnamed", l -> l.getSpec().storage.minio = new MinioSpec());
    Lakehouse refused = awaitStatus("unnamed", s -> "Invalid".equals(s.phase));
    assertThat(
            Conditions.find(refused.getStatus().conditions, ConditionTypes.READY)
                .orElseThrow()
                .getMessage())
        .contains("runs SeaweedFS, and a MinIO in its place would start without the tables");
    assertThat(owned("unnamed"))
        .contains("StatefulSet/unnamed-seaweedfs")
        .doesNotContain("StatefulSet/unnamed-minio");
  }

  @Test
  void aLakehouseRunningTheMinioOfTheFormerDefaultKeepsItOnceItNamesIt() {
    // What an operator of the earlier default left: a MinIO for a spec that names no server.
    // Created while the Lakehouse points at external S3 (refused for its missing Secret, so
    // nothing of its own is deployed), then the spec goes back to naming no server.
    create(Lakehouses.withExternalS3(Lakehouses.demo("demo", ns), "missing"));
    awaitStatus("demo", s -> "Invalid".equals(s.phase));
    Lakehouse stored = client.resources(Lakehouse.class).inNamespace(ns).withName("demo").get();
    client
        .resource(
            MinioObjects.statefulSet(
                new LakehouseModel(asMinio(stored), OperatorSettings.defaults(), "")))
        .create();
    edit("demo", l -> l.getSpec().storage.external = null);

    Lakehouse refused =
        awaitStatus(
            "demo",
            s ->
                "Invalid".equals(s.phase)
                    && Conditions.find(s.conditions, ConditionTypes.READY)
                        .orElseThrow()
                        .getMessage()
                        .contains("runs MinIO, the default of an earlier operator"));
    assertThat(
            Conditions.find(refused.getStatus().conditions, ConditionTypes.READY)
                .orElseThrow()
                .getMessage())
        .contains("set spec.storage.minio: {}");
    assertThat(owned("demo")).doesNotContain("StatefulSet/demo-seaweedfs");

    edit("demo", l -> l.getSpec().storage.minio = new MinioSpec());
    await()
        .atMost(WAIT)
        .until(
            () ->
                owned("demo").containsAll(List.of("Job/demo-minio-bucket", "Service/demo-trino")));
    assertThat(owned("demo"))
        .contains("StatefulSet/demo-minio")
        .doesNotContain("StatefulSet/demo-seaweedfs");
  }

  private static Lakehouse asMinio(Lakehouse stored) {
    stored.getSpec().storage.external = null;
    return Lakehouses.withMinio(stored);
  }

  @Test
  void invalidSpecsGiveAConditionAndAnEventAndDeployNothing() {
    Lakehouse tinyTrino = Lakehouses.withTrino(Lakehouses.demo("tiny-trino", ns), 1, "512Mi");
    Lakehouse missingKey =
        Lakehouses.withExternalPostgres(Lakehouses.demo("missing-key", ns), "db");
    client
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("db")
                .endMetadata()
                .addToStringData("username", "hive")
                .build())
        .create();

    Map<Lakehouse, List<String>> expected =
        Map.of(
            tinyTrino, List.of("InvalidSpec", "Trino needs at least 2Gi"),
            missingKey, List.of("SecretKeyMissing", "has no key \"password\""));
    expected.keySet().forEach(this::create);

    expected.forEach(
        (lakehouse, reasonAndMessage) -> {
          String name = lakehouse.getMetadata().getName();
          Lakehouse refused = awaitStatus(name, s -> "Invalid".equals(s.phase));
          var ready =
              Conditions.find(refused.getStatus().conditions, ConditionTypes.READY).orElseThrow();
          assertThat(ready.getReason()).as(name).isEqualTo(reasonAndMessage.get(0));
          assertThat(ready.getMessage()).as(name).contains(reasonAndMessage.get(1));
          assertThat(refused.getStatus().observedGeneration).as(name).isNull();
          await().atMost(WAIT).until(() -> reasons(name).contains(reasonAndMessage.get(0)));
          assertThat(owned(name)).as(name).isEmpty();
        });
  }

  // --- helpers

  private void edit(String name, java.util.function.Consumer<Lakehouse> change) {
    OnConflict.retry(
        () ->
            client
                .resources(Lakehouse.class)
                .inNamespace(ns)
                .withName(name)
                .edit(
                    lh -> {
                      change.accept(lh);
                      return lh;
                    }));
  }

  private void create(Lakehouse lakehouse) {
    Lakehouse fresh = new Lakehouse();
    fresh.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName(lakehouse.getMetadata().getName())
            .withNamespace(ns)
            .build());
    fresh.setSpec(lakehouse.getSpec());
    client.resources(Lakehouse.class).inNamespace(ns).resource(fresh).create();
  }

  private Lakehouse awaitStatus(
      String name,
      java.util.function.Predicate<dev.lakehouse.api.lakehouse.LakehouseStatus> until) {
    return await()
        .atMost(WAIT)
        .until(
            () -> client.resources(Lakehouse.class).inNamespace(ns).withName(name).get(),
            lh -> lh != null && lh.getStatus() != null && until.test(lh.getStatus()));
  }

  private Set<String> owned(String lakehouse) {
    Map<String, String> labels = Map.of(Labels.LAKEHOUSE, lakehouse);
    return Stream.<List<? extends HasMetadata>>of(
            client.secrets().inNamespace(ns).withLabels(labels).list().getItems(),
            client.configMaps().inNamespace(ns).withLabels(labels).list().getItems(),
            client.services().inNamespace(ns).withLabels(labels).list().getItems(),
            client.apps().statefulSets().inNamespace(ns).withLabels(labels).list().getItems(),
            client.apps().deployments().inNamespace(ns).withLabels(labels).list().getItems(),
            client.batch().v1().jobs().inNamespace(ns).withLabels(labels).list().getItems())
        .flatMap(List::stream)
        .map(o -> o.getKind() + "/" + o.getMetadata().getName())
        .collect(Collectors.toSet());
  }

  private List<String> reasons(String lakehouse) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> lakehouse.equals(e.getInvolvedObject().getName()))
        .map(Event::getReason)
        .toList();
  }

  private Map<String, Map<String, String>> secretData(String lakehouse) {
    return client
        .secrets()
        .inNamespace(ns)
        .withLabels(Map.of(Labels.LAKEHOUSE, lakehouse))
        .list()
        .getItems()
        .stream()
        .collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s.getData()));
  }

  private String configHash(String deployment) {
    return client
        .apps()
        .deployments()
        .inNamespace(ns)
        .withName(deployment)
        .get()
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get(Labels.CONFIG_HASH);
  }

  /** The StatefulSet controller makes the claim from the StatefulSet's volumeClaimTemplates. */
  private void awaitClaim(String name) {
    await()
        .atMost(WAIT)
        .until(() -> client.persistentVolumeClaims().inNamespace(ns).withName(name).get() != null);
  }
}
