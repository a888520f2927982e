package dev.lakehouse.operator.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lakehouse.api.common.Column;
import dev.lakehouse.api.common.ConditionTypes;
import dev.lakehouse.api.common.Conditions;
import dev.lakehouse.api.dataset.Dataset;
import dev.lakehouse.api.dataset.DatasetStatus;
import dev.lakehouse.api.dataset.DeletionPolicy;
import dev.lakehouse.api.dataset.RunHistoryLimits;
import dev.lakehouse.api.job.JobConfig;
import dev.lakehouse.api.run.Checkpoint;
import dev.lakehouse.api.run.IngestionRun;
import dev.lakehouse.api.run.IngestionRunSpec;
import dev.lakehouse.api.run.IngestionRunStatus;
import dev.lakehouse.api.run.RunPhase;
import dev.lakehouse.operator.LakehouseOperator;
import dev.lakehouse.operator.OperatorSettings;
import dev.lakehouse.operator.k8s.Labels;
import dev.lakehouse.operator.k8s.Owners;
import dev.lakehouse.operator.lakehouse.Lakehouses;
import dev.lakehouse.operator.schedule.CronSchedule;
import dev.lakehouse.operator.testing.CustomResources;
import dev.lakehouse.operator.testing.DemoLakehouse;
import dev.lakehouse.operator.testing.Kubelet;
import dev.lakehouse.operator.testing.MutableClock;
import dev.lakehouse.operator.testing.RunPods;
import dev.lakehouse.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real JOSDK operator against the real API server, with a clock the tests move. */
class DatasetOperatorIT {
  static final Duration WAIT = Duration.ofSeconds(60);

  /** How long "nothing happens" is watched for. */
  static final Duration QUIET = Duration.ofSeconds(3);

  TestCluster cluster;
  String ns;
  KubernetesClient client;
  private CustomResources<DatasetStatus, Dataset> datasets;
  MutableClock clock;
  LakehouseOperator operator;

  @BeforeEach
  void start() {
    cluster = TestCluster.start("dataset");
    client = cluster.client();
    ns = cluster.namespace();
    datasets = new CustomResources<>(client, Dataset.class, ns, WAIT);
    clock = MutableClock.startingNow();
    operator =
        new LakehouseOperator(
            cluster.operatorClient(), OperatorSettings.defaults(), Set.of(ns), clock);
    operator.start();
  }

  @AfterEach
  void stop() {
    operator.stop();
    cluster.close();
  }

  @Test
  void invalidDatasetsSayWhyAndRecoverOnceFixed() {
    create(Datasets.bronze("events", ns));
    assertRefused(
        "events", "LakehouseNotFound", "Lakehouse \"demo\" (spec.lakehouse) does not exist");

    // On MinIO, so that it stays Provisioning until its bucket Job ends.
    DemoLakehouse.create(client, ns, Lakehouses::withMinio);
    assertRefused("events", "LakehouseNotReady", "Lakehouse \"demo\" is not ready (Provisioning)");

    create(Datasets.gold("by-ip", ns, "events", "clicks", "views"));
    create(Datasets.gold("a", ns, "b"));
    create(Datasets.gold("b", ns, "a"));
    create(Datasets.gold("x", ns, "y"));
    create(Datasets.gold("y", ns, "z"));
    create(Datasets.gold("z", ns, "x"));
    create(Datasets.scheduled(Datasets.bronze("hourly", ns), "0 * * * *", "Mars/Olympus_Mons"));
    assertRefused(
        "by-ip",
        "UpstreamNotFound",
        "upstream Datasets \"clicks\", \"views\" (spec.transform.upstream) do not exist");
    assertRefused("a", "CycleDetected", "a -> b -> a");
    assertRefused("b", "CycleDetected", "b -> a -> b");
    assertRefused("x", "CycleDetected", "x -> y -> z -> x");
    assertRefused("z", "CycleDetected", "z -> x -> y -> z");
    assertRefused("hourly", "InvalidSchedule", "spec.schedule.timeZone \"Mars/Olympus_Mons\"");

    new Kubelet(cluster).finishJob(ns, DemoLakehouse.NAME + "-minio-bucket", true);
    makeLakehouseReady();
    create(Datasets.bronze("clicks", ns));
    create(Datasets.bronze("views", ns));
    datasets.edit("b", d -> d.getSpec().transform.upstream = List.of("events"));
    datasets.edit("y", d -> d.getSpec().transform.upstream = List.of("events"));
    datasets.edit("hourly", d -> d.getSpec().schedule.timeZone = "Europe/Berlin");

    for (String name : List.of("events", "by-ip", "a", "b", "x", "y", "z", "hourly")) {
      Dataset ready =
          datasets.awaitStatus(name, s -> Conditions.isTrue(s.conditions, ConditionTypes.READY));
      Condition condition =
          Conditions.find(ready.getStatus().conditions, ConditionTypes.READY).orElseThrow();
      assertThat(condition.getReason()).as(name).isEqualTo("DatasetReady");
      assertThat(ready.getStatus().observedGeneration)
          .as(name)
          .isEqualTo(ready.getMetadata().getGeneration());
      await().atMost(WAIT).until(() -> reasons(name).contains("DatasetReady"));
    }
    assertThat(datasets.get("events").getStatus().table.location)
        .isEqualTo("s3a://lakehouse/warehouse/bronze/events");
  }

  @Test
  void theScheduleCreatesOneRunPerTickAndNeverTwoAtOnce() {
    readyLakehouse();
    // A minute half an hour away: no tick falls between the clock's start and the creation.
    int minute = (clock.instant().atZone(ZoneOffset.UTC).getMinute() + 30) % 60;
    Dataset dataset = Datasets.scheduled(Datasets.bronze("events", ns), minute + " * * * *", "UTC");
    create(dataset);
    CronSchedule cron = CronSchedule.parse(minute + " * * * *", "UTC");
    Instant tick1 = cron.nextTick(clock.instant()).orElseThrow();
    datasets.awaitStatus("events", s -> tick1.toString().equals(s.nextScheduleTime));
    assertThat(runsOf("events")).isEmpty();

    moveClockTo(tick1.plusSeconds(30));
    String run1 = new DatasetNames("events").scheduledRun(tick1);
    assertThat(run1).isEqualTo("events-" + stamp(tick1));
    IngestionRun first = awaitRun(run1);
    assertThat(first.getSpec().dataset).isEqualTo("events");
    assertThat(first.getMetadata().getLabels())
        .containsEntry(Labels.DATASET, "events")
        .containsEntry(Labels.MANAGED_BY, Labels.MANAGER);
    assertThat(first.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getKind()).isEqualTo("Dataset");
              assertThat(o.getUid()).isEqualTo(datasets.get("events").getMetadata().getUid());
              assertThat(o.getController()).isTrue();
            });
    Dataset afterTick =
        datasets.awaitStatus("events", s -> run1.equals(s.activeRun) && s.lastRun != null);
    assertThat(afterTick.getStatus().lastScheduleTime).isEqualTo(tick1.toString());
    assertThat(afterTick.getStatus().nextScheduleTime)
        .isEqualTo(tick1.plus(Duration.ofHours(1)).toString());
    assertThat(reasons("events")).contains("RunCreated");

    // An active run makes the next tick skip.
    setRun(run1, RunPhase.Running, s -> {});
    Instant tick2 = tick1.plus(Duration.ofHours(1));
    moveClockTo(tick2.plusSeconds(30));
    datasets.awaitStatus("events", s -> tick2.toString().equals(s.lastScheduleTime));
    await()
        .atMost(WAIT)
        .until(
            () -> messages("events", "ScheduleSkipped").stream().anyMatch(m -> m.contains(run1)));
    assertThat(runsOf("events")).containsExactly(run1);

    // Once it finished, the next tick runs.
    setRun(run1, RunPhase.Succeeded, s -> {});
    Instant tick3 = tick2.plus(Duration.ofHours(1));
    moveClockTo(tick3.plusSeconds(30));
    String run3 = new DatasetNames("events").scheduledRun(tick3);
    awaitRun(run3);
    assertThat(runsOf("events")).containsExactlyInAnyOrder(run1, run3);

    // Ticks missed while the operator was down add up to one run.
    setRun(run3, RunPhase.Succeeded, s -> {});
    datasets.awaitStatus("events", s -> s.activeRun == null);
    operator.stop();
    clock.advance(Duration.ofHours(5));
    operator =
        new LakehouseOperator(
            cluster.operatorClient(), OperatorSettings.defaults(), Set.of(ns), clock);
    operator.start();
    Instant latest = tick3.plus(Duration.ofHours(5));
    String catchUp = new DatasetNames("events").scheduledRun(latest);
    awaitRun(catchUp);
    datasets.awaitStatus("events", s -> latest.toString().equals(s.lastScheduleTime));
    assertThat(runsOf("events")).containsExactlyInAnyOrder(run1, run3, catchUp);
  }

  @Test
  void historyPruningDeletesTheOldestOwnedFinishedRunsAndNeverAUsersRun() {
    Dataset dataset = Datasets.bronze("events", ns);
    dataset.getSpec().history = new RunHistoryLimits();
    dataset.getSpec().history.successfulRunsToKeep = 2;
    dataset.getSpec().history.failedRunsToKeep = 1;
    create(dataset);
    Dataset created = datasets.awaitStatus("events", s -> s.conditions != null);

    // Created one after another, so creation order (then name) is this order.
    Map<String, RunPhase> runs = new LinkedHashMap<>();
    runs.put("events-01-user", RunPhase.Succeeded);
    runs.put("events-02", RunPhase.Succeeded);
    runs.put("events-03", RunPhase.Failed);
    runs.put("events-04", RunPhase.Succeeded);
    runs.put("events-05", RunPhase.Failed);
    runs.put("events-06", RunPhase.Succeeded);
    runs.put("events-07", RunPhase.Cancelled);
    runs.forEach(
        (name, phase) -> {
          createRun(name, "events", name.endsWith("user") ? null : created);
          setRun(name, phase, s -> {});
        });

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(runsOf("events"))
                    .containsExactlyInAnyOrder(
                        "events-01-user", "events-04", "events-06", "events-07"));
    await().atMost(WAIT).until(() -> reasons("events").contains("RunsPruned"));
    assertThat(String.join(" ", messages("events", "RunsPruned")))
        .contains("events-02")
        .contains("events-03")
        .contains("events-05");
    assertThat(
            datasets
                .awaitStatus("events", s -> s.lastRun != null && "events-07".equals(s.lastRun.name))
                .getStatus()
                .lastRun
                .phase)
        .isEqualTo("Cancelled");
  }

  @Test
  void aSuccessfulUpstreamRunIsFollowedOnceEvenAfterTheFollowUpIsPruned() {
    readyLakehouse();
    create(Datasets.bronze("events", ns));
    Dataset gold = Datasets.gold("by-ip", ns, "events");
    gold.getSpec().runAfterUpstream = true;
    gold.getSpec().history = new RunHistoryLimits();
    gold.getSpec().history.successfulRunsToKeep = 0;
    create(gold);
    datasets.awaitStatus("by-ip", s -> Conditions.isTrue(s.conditions, ConditionTypes.READY));

    IngestionRun upstream1 = createRun("events-1", "events", null);
    setRun("events-1", RunPhase.Running, s -> {});
    assertStaysAsIs("by-ip", List.of());
    setRun("events-1", RunPhase.Succeeded, s -> {});
    String followUp1 = new DatasetNames("by-ip").followUpRun(upstream1.getMetadata().getUid());
    awaitRun(followUp1);
    assertStaysAsIs("by-ip", List.of(followUp1));
    assertThat(datasets.get("by-ip").getStatus().followedRuns)
        .containsExactly(Map.entry("events", "events-1"));

    // While its own run is active, upstream successes wait and coalesce into one run.
    setRun(followUp1, RunPhase.Running, s -> {});
    createRun("events-2", "events", null);
    setRun("events-2", RunPhase.Succeeded, s -> {});
    IngestionRun upstream3 = createRun("events-3", "events", null);
    setRun("events-3", RunPhase.Succeeded, s -> {});
    assertStaysAsIs("by-ip", List.of(followUp1));
    setRun(followUp1, RunPhase.Succeeded, s -> {});
    String followUp3 = new DatasetNames("by-ip").followUpRun(upstream3.getMetadata().getUid());
    awaitRun(followUp3);
    // successfulRunsToKeep: 0 prunes the first follow-up once a newer run exists.
    assertStaysAsIs("by-ip", List.of(followUp3));
    assertThat(datasets.get("by-ip").getStatus().followedRuns)
        .containsExactly(Map.entry("events", "events-3"));

    // Its follow-up pruned, events-3 is still remembered as followed.
    setRun(followUp3, RunPhase.Succeeded, s -> {});
    createRun("by-ip-manual", "by-ip", null);
    setRun("by-ip-manual", RunPhase.Succeeded, s -> {});
    assertStaysAsIs("by-ip", List.of("by-ip-manual"));
  }

  @Test
  void aDatasetOfTwoUpstreamsWaitsForBothTablesAndForAWritingUpstream() {
    readyLakehouse();
    create(Datasets.bronze("left", ns));
    create(Datasets.bronze("right", ns));
    Dataset joined = Datasets.gold("joined", ns, "left", "right");
    joined.getSpec().runAfterUpstream = true;
    create(joined);
    datasets.awaitStatus("joined", s -> Conditions.isTrue(s.conditions, ConditionTypes.READY));

    IngestionRun left1 = createRun("left-1", "left", null);
    setRun("left-1", RunPhase.Succeeded, s -> {});
    // right never ran: its table does not exist, and the SQL would fail on it.
    assertStaysAsIs("joined", List.of());
    awaitUpstreamWait(
        "joined", "waiting for a first successful run of right: its table does not exist yet");
    await().atMost(WAIT).until(() -> reasons("joined").contains("WaitingForUpstream"));
    createRun("right-1", "right", null);
    setRun("right-1", RunPhase.Running, s -> {});
    assertStaysAsIs("joined", List.of());
    setRun("right-1", RunPhase.Succeeded, s -> {});
    String followUp1 = new DatasetNames("joined").followUpRun(left1.getMetadata().getUid());
    awaitRun(followUp1);
    assertStaysAsIs("joined", List.of(followUp1));
    assertThat(datasets.get("joined").getStatus().followedRuns)
        .containsExactly(Map.entry("left", "left-1"), Map.entry("right", "right-1"));
    assertThat(datasets.get("joined").getStatus().upstreamWait).isNull();

    // left has new data while right writes again: one run after right's ends follows both.
    setRun(followUp1, RunPhase.Succeeded, s -> {});
    createRun("right-2", "right", null);
    setRun("right-2", RunPhase.Running, s -> {});
    IngestionRun left2 = createRun("left-2", "left", null);
    setRun("left-2", RunPhase.Succeeded, s -> {});
    assertStaysAsIs("joined", List.of(followUp1));
    awaitUpstreamWait("joined", "waiting for the runs of right to end");
    setRun("right-2", RunPhase.Succeeded, s -> {});
    String followUp2 = new DatasetNames("joined").followUpRun(left2.getMetadata().getUid());
    awaitRun(followUp2);
    assertStaysAsIs("joined", List.of(followUp1, followUp2));
    assertThat(datasets.get("joined").getStatus().followedRuns)
        .containsExactly(Map.entry("left", "left-2"), Map.entry("right", "right-2"));
  }

  @Test
  void theStatusReflectsTheTableOfTheLatestSuccessfulRun() {
    readyLakehouse();
    create(Datasets.bronze("events", ns));
    datasets.awaitStatus("events", s -> Conditions.isTrue(s.conditions, ConditionTypes.READY));

    createRun("events-1", "events", null);
    setRun("events-1", RunPhase.Running, s -> {});
    Dataset running = datasets.awaitStatus("events", s -> "events-1".equals(s.activeRun));
    assertThat(running.getStatus().lastRun.phase).isEqualTo("Running");
    assertThat(running.getStatus().table.rowCount).isNull();

    setRun(
        "events-1",
        RunPhase.Succeeded,
        s -> {
          s.startTime = "2026-11-21T10:00:00Z";
          s.completionTime = "2026-11-21T10:05:00Z";
          s.message = "ingested 12 files";
          s.checkpoint = new Checkpoint();
          s.checkpoint.deltaVersion = 3L;
          s.checkpoint.filesIngested = 12L;
          s.checkpoint.rowsWritten = 1000L;
          s.checkpoint.table = new Checkpoint.TableFacts();
          s.checkpoint.table.location = "s3a://lakehouse/warehouse/bronze/events";
          s.checkpoint.table.columns =
              List.of(new Column("id", "bigint"), new Column("ip", "string"));
          s.checkpoint.table.rowCount = 1000L;
        });

    DatasetStatus status =
        datasets
            .awaitStatus("events", s -> s.activeRun == null && s.table.rowCount != null)
            .getStatus();
    assertThat(status.table.name).isEqualTo("bronze.events");
    assertThat(status.table.location).isEqualTo("s3a://lakehouse/warehouse/bronze/events");
    assertThat(status.table.columns)
        .extracting(c -> c.name + " " + c.type)
        .containsExactly("id bigint", "ip string");
    assertThat(status.table.rowCount).isEqualTo(1000L);
    assertThat(status.table.deltaVersion).isEqualTo(3L);
    assertThat(status.table.filesIngested).isEqualTo(12L);
    assertThat(status.table.updatedAt).isEqualTo("2026-11-21T10:05:00Z");
    assertThat(status.lastRun.name).isEqualTo("events-1");
    assertThat(status.lastRun.phase).isEqualTo("Succeeded");
    assertThat(status.lastRun.startTime).isEqualTo("2026-11-21T10:00:00Z");
    assertThat(status.lastRun.completionTime).isEqualTo("2026-11-21T10:05:00Z");
    assertThat(status.lastRun.rowsWritten).isEqualTo(1000L);
    assertThat(status.lastRun.message).isEqualTo("ingested 12 files");
  }

  @Test
  void deletingWithRetainKeepsTheTable() {
    readyLakehouse();
    create(Datasets.bronze("events", ns));
    await()
        .atMost(WAIT)
        .until(() -> !datasets.get("events").getMetadata().getFinalizers().isEmpty());

    client.resources(Dataset.class).inNamespace(ns).withName("events").delete();

    await().atMost(WAIT).until(() -> datasets.get("events") == null);
    assertThat(reasons("events")).contains("TableRetained");
    assertThat(
            client
                .batch()
                .v1()
                .jobs()
                .inNamespace(ns)
                .withLabel(Labels.DATASET, "events")
                .list()
                .getItems())
        .isEmpty();
  }

  @Test
  void deletingWithDropRunsTheDropJobAndRetriesItUntilItSucceeds() {
    readyLakehouse();
    Dataset dataset = Datasets.bronze("events", ns);
    dataset.getSpec().deletionPolicy = DeletionPolicy.Drop;
    create(dataset);
    await()
        .atMost(WAIT)
        .until(() -> !datasets.get("events").getMetadata().getFinalizers().isEmpty());

    client.resources(Dataset.class).inNamespace(ns).withName("events").delete();

    Job job = awaitJob("events-drop-1");
    var pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getContainers().get(0).getImage()).isEqualTo(OperatorSettings.DEFAULT_JOBS);
    assertThat(pod.getContainers().get(0).getArgs())
        .containsExactly(
            JobConfig.LAUNCHER, "job", "--config", JobConfig.MOUNT_DIR + "/" + JobConfig.FILE_NAME);
    assertThat(job.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getName()).isEqualTo("events"));
    ConfigMap config = client.configMaps().inNamespace(ns).withName("events-drop").get();
    JobConfig parsed =
        client
            .getKubernetesSerialization()
            .unmarshal(config.getData().get(JobConfig.FILE_NAME), JobConfig.class);
    assertThat(parsed.task).isEqualTo(JobConfig.Task.dropTable);
    assertThat(parsed.datasetName).isEqualTo("events");
    assertThat(parsed.dataset.table.qualifiedName()).isEqualTo("bronze.events");
    assertThat(parsed.storage.bucket).isEqualTo("lakehouse");
    assertThat(parsed.storage.endpoint).isEqualTo("http://demo-seaweedfs." + ns + ".svc:8333");
    assertThat(parsed.metastoreUri).isEqualTo("thrift://demo-metastore." + ns + ".svc:9083");
    assertThat(reasons("events")).contains("TableDropping");

    // A failed attempt is reported with the job's own words, and the finalizer stays.
    var pods = new RunPods(cluster);
    pods.start("events-drop-1");
    pods.exit(
        "events-drop-1", 2, "metastore thrift://demo-metastore." + ns + ".svc:9083 unreachable");
    await()
        .atMost(WAIT)
        .until(
            () ->
                messages("events", "TableDropFailed").stream()
                    .anyMatch(m -> m.contains("attempt 1") && m.contains("unreachable")));
    assertThat(datasets.get("events")).isNotNull();

    // After the back-off, a second attempt; its success lets the Dataset go.
    // The back-off runs from the Job controller's (real) time of failure.
    clock.advance(
        Duration.between(clock.instant(), Instant.now()).plus(TableDrop.backoff(1)).plusSeconds(2));
    poke();
    awaitJob("events-drop-2");
    new Kubelet(cluster).finishJob(ns, "events-drop-2", true);

    await().atMost(WAIT).until(() -> datasets.get("events") == null);
    assertThat(reasons("events")).contains("TableDropped");
  }

  @Test
  void deletingWithDropWhenTheLakehouseIsGoneDoesNotHang() {
    Dataset dataset = Datasets.bronze("events", ns);
    dataset.getSpec().deletionPolicy = DeletionPolicy.Drop;
    create(dataset);
    assertRefused("events", "LakehouseNotFound", "does not exist");

    client.resources(Dataset.class).inNamespace(ns).withName("events").delete();

    await().atMost(WAIT).until(() -> datasets.get("events") == null);
    assertThat(messages("events", "TableDropFailed"))
        .anySatisfy(m -> assertThat(m).contains("Lakehouse demo is gone"));
    assertThat(client.batch().v1().jobs().inNamespace(ns).list().getItems()).isEmpty();
  }

  @Test
  void aRestartedOperatorMakesNoWritesOnUnchangedDatasets() throws Exception {
    readyLakehouse();
    int minute = (clock.instant().atZone(ZoneOffset.UTC).getMinute() + 30) % 60;
    create(Datasets.scheduled(Datasets.bronze("events", ns), minute + " * * * *", "Europe/Berlin"));
    Dataset gold = Datasets.gold("by-ip", ns, "events");
    gold.getSpec().runAfterUpstream = true;
    create(gold);
    create(Datasets.gold("broken", ns, "missing"));
    createRun("events-1", "events", null);
    setRun("events-1", RunPhase.Succeeded, s -> {});
    IngestionRun followUp = awaitRun("by-ip-after-", "by-ip");
    setRun(followUp.getMetadata().getName(), RunPhase.Succeeded, s -> {});
    datasets.awaitStatus("by-ip", s -> s.lastRun != null && "Succeeded".equals(s.lastRun.phase));
    datasets.awaitStatus("events", s -> s.lastRun != null && "Succeeded".equals(s.lastRun.phase));
    assertRefused("broken", "UpstreamNotFound", "missing");

    operator.stop();
    cluster.requests().drain();
    operator =
        new LakehouseOperator(
            cluster.operatorClient(), OperatorSettings.defaults(), Set.of(ns), clock);
    operator.start();
    Thread.sleep(6_000);

    var requests = cluster.requests().drain();
    assertThat(requests).anySatisfy(r -> assertThat(r.path()).contains("/datasets"));
    assertThat(requests).anySatisfy(r -> assertThat(r.path()).contains("/ingestionruns"));
    assertThat(requests.stream().filter(r -> r.isWrite()).toList()).isEmpty();
  }

  // --- helpers

  private void create(Dataset dataset) {
    Dataset fresh = new Dataset();
    fresh.setMetadata(
        new ObjectMetaBuilder()
            .withName(dataset.getMetadata().getName())
            .withNamespace(ns)
            .build());
    fresh.setSpec(dataset.getSpec());
    datasets.create(fresh);
  }

  private void assertRefused(String name, String reason, String message) {
    Dataset refused =
        datasets.awaitStatus(
            name,
            s ->
                Conditions.find(s.conditions, ConditionTypes.READY)
                    .map(c -> reason.equals(c.getReason()) && c.getMessage().contains(message))
                    .orElse(false));
    Condition ready =
        Conditions.find(refused.getStatus().conditions, ConditionTypes.READY).orElseThrow();
    assertThat(ready.getStatus()).as(name).isEqualTo("False");
    assertThat(ready.getMessage()).as(name).contains(message);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(events(name))
                    .anySatisfy(
                        e -> {
                          assertThat(e.getReason()).isEqualTo(reason);
                          assertThat(e.getType()).isEqualTo("Warning");
                          assertThat(e.getMessage()).contains(message);
                        }));
  }

  private void awaitUpstreamWait(String dataset, String why) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(datasets.get(dataset).getStatus().upstreamWait).isEqualTo(why));
  }

  private void createLakehouse() {
    DemoLakehouse.create(client, ns);
  }

  private void makeLakehouseReady() {
    DemoLakehouse.makeReady(cluster);
  }

  private void readyLakehouse() {
    DemoLakehouse.createReady(cluster);
  }

  /** Moves the clock, then touches the Lakehouse so its Datasets look at the time now. */
  private void moveClockTo(Instant instant) {
    clock.advance(Duration.between(clock.instant(), instant));
    poke();
  }

  private void poke() {
    DemoLakehouse.poke(client, ns);
  }

  /** A run as a user (owner null) or the Dataset would create it. */
  private IngestionRun createRun(String name, String dataset, Dataset owner) {
    IngestionRun run = new IngestionRun();
    var meta = new ObjectMetaBuilder().withName(name).withNamespace(ns);
    if (owner != null) {
      meta.withOwnerReferences(Owners.controllerReference(owner));
    }
    run.setMetadata(meta.build());
    run.setSpec(new IngestionRunSpec());
    run.getSpec().dataset = dataset;
    return client.resources(IngestionRun.class).inNamespace(ns).resource(run).create();
  }

  /**
   * Writes a run's status as the run reconciler would, keeping what else is there. The run
   * reconciler, when registered, may still write a status it decided on before this one (the mock
   * API server takes a status PUT with a stale resourceVersion): a clobbered phase is written
   * again.
   */
  private void setRun(String name, RunPhase phase, Consumer<IngestionRunStatus> more) {
    writeRun(name, phase, more);
    await()
        .atMost(WAIT)
        .pollDelay(Duration.ofMillis(200))
        .until(
            () -> {
              Optional<RunPhase> now = phaseOf(name);
              if (now.isPresent() && now.get() != phase) {
                writeRun(name, phase, more);
              }
              // A run pruned right after it finished has gone the way it should.
              return phaseOf(name).map(p -> p == phase).orElse(true);
            });
  }

  private void writeRun(String name, RunPhase phase, Consumer<IngestionRunStatus> more) {
    for (int attempt = 1; ; attempt++) {
      try {
        client
            .resources(IngestionRun.class)
            .inNamespace(ns)
            .withName(name)
            .editStatus(
                r -> {
                  if (r.getStatus() == null) {
                    r.setStatus(new IngestionRunStatus());
                  }
                  r.getStatus().phase = phase;
                  r.getStatus().observedGeneration = r.getMetadata().getGeneration();
                  if (phase.isFinished() && r.getStatus().completionTime == null) {
                    r.getStatus().completionTime =
                        clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
                  }
                  more.accept(r.getStatus());
                  return r;
                });
        return;
      } catch (KubernetesClientException e) {
        // The run reconciler wrote in between: read again and write again.
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == 10) {
          throw e;
        }
      }
    }
  }

  /** The run's phase (null before any status); empty once the run is gone. */
  private Optional<RunPhase> phaseOf(String run) {
    return Optional.ofNullable(
            client.resources(IngestionRun.class).inNamespace(ns).withName(run).get())
        .map(r -> r.getStatus() == null ? RunPhase.Pending : r.getStatus().phase);
  }

  private IngestionRun awaitRun(String name) {
    return await()
        .atMost(WAIT)
        .until(
            () -> client.resources(IngestionRun.class).inNamespace(ns).withName(name).get(),
            r -> r != null);
  }

  /** The one run of a Dataset whose name starts so. */
  private IngestionRun awaitRun(String prefix, String dataset) {
    return await()
        .atMost(WAIT)
        .until(
            () ->
                client.resources(IngestionRun.class).inNamespace(ns).list().getItems().stream()
                    .filter(r -> dataset.equals(r.getSpec().dataset))
                    .filter(r -> r.getMetadata().getName().startsWith(prefix))
                    .findFirst()
                    .orElse(null),
            r -> r != null);
  }

  private Job awaitJob(String name) {
    return await()
        .atMost(WAIT)
        .until(
            () -> client.batch().v1().jobs().inNamespace(ns).withName(name).get(), j -> j != null);
  }

  private List<String> runsOf(String dataset) {
    return client.resources(IngestionRun.class).inNamespace(ns).list().getItems().stream()
        .filter(r -> dataset.equals(r.getSpec().dataset))
        .map(r -> r.getMetadata().getName())
        .toList();
  }

  /** The Dataset's runs become exactly these and stay so for a while. */
  private void assertStaysAsIs(String dataset, List<String> runs) {
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(runsOf(dataset)).containsExactlyInAnyOrderElementsOf(runs));
    await()
        .during(QUIET)
        .atMost(QUIET.plus(WAIT))
        .untilAsserted(() -> assertThat(runsOf(dataset)).containsExactlyInAnyOrderElementsOf(runs));
  }

  private List<Event> events(String name) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> "Dataset".equals(e.getInvolvedObject().getKind()))
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  private List<String> reasons(String name) {
    return events(name).stream().map(Event::getReason).toList();
  }

  private List<String> messages(String name, String reason) {
    return events(name).stream()
        .filter(e -> reason.equals(e.getReason()))
        .map(Event::getMessage)
        .toList();
  }

  private static String stamp(Instant tick) {
    return DateTimeFormatter.ofPattern("yyyyMMddHHmm").withZone(ZoneOffset.UTC).format(tick);
  }
}
