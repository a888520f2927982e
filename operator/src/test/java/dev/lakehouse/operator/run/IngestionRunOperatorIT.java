package dev.lakehouse.operator.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.lakehouse.api.common.ConditionTypes;
import dev.lakehouse.api.common.Conditions;
import dev.lakehouse.api.dataset.Dataset;
import dev.lakehouse.api.job.JobConfig;
import dev.lakehouse.api.lakehouse.Lakehouse;
import dev.lakehouse.api.run.IngestionRun;
import dev.lakehouse.api.run.IngestionRunSpec;
import dev.lakehouse.api.run.IngestionRunStatus;
import dev.lakehouse.api.run.RetryBudget;
import dev.lakehouse.api.run.RunPhase;
import dev.lakehouse.checkpoint.CheckpointException;
import dev.lakehouse.checkpoint.KubernetesCheckpointStore;
import dev.lakehouse.kubetesting.Kubectl;
import dev.lakehouse.operator.LakehouseOperator;
import dev.lakehouse.operator.OperatorSettings;
import dev.lakehouse.operator.dataset.Datasets;
import dev.lakehouse.operator.k8s.Labels;
import dev.lakehouse.operator.lakehouse.Lakehouses;
import dev.lakehouse.operator.testing.JobPodCheckpoints;
import dev.lakehouse.operator.testing.Kubelet;
import dev.lakehouse.operator.testing.MutableClock;
import dev.lakehouse.operator.testing.RunPods;
import dev.lakehouse.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real JOSDK operator runs IngestionRuns against the real API server, with the jobs module's
 * real checkpoint store writing into the run's status as a job pod would. The test plays the Job
 * controller and kubelet ({@link RunPods}).
 */
class IngestionRunOperatorIT {
  static final Duration WAIT = Duration.ofSeconds(30);

  TestCluster cluster;
  String ns;
  KubernetesClient client;
  MutableClock clock;
  LakehouseOperator operator;
  RunPods pods;

  @BeforeEach
  void start() {
    cluster = TestCluster.start("run");
    client = cluster.client();
    ns = cluster.namespace();
    clock = MutableClock.startingNow();
    operator = startOperator();
    pods = new RunPods(cluster);
  }

  /** A kubelet rule a test set, removed after it. */
  AutoCloseable stuck;

  @AfterEach
  void stop() throws Exception {
    if (stuck != null) {
      stuck.close();
    }
    operator.stop();
    cluster.close();
  }

  @Test
  void aRunCreatesItsConfigurationScopedRbacAndOneJob() {
    readyLakehouse();
    createDataset("raygun-errors");
    IngestionRun run = createRun("raygun-1", "raygun-errors", spec -> {});

    IngestionRun running = awaitRun("raygun-1", s -> s.phase == RunPhase.Running);
    assertThat(running.getStatus().attempts).isEqualTo(1);
    assertThat(running.getStatus().jobName).isEqualTo("raygun-1-1");
    Job job = awaitJob("raygun-1-1");

    var pod = job.getSpec().getTemplate().getSpec();
    var container = pod.getContainers().get(0);
    assertThat(job.getSpec().getBackoffLimit()).isZero();
    assertThat(container.getImage()).isEqualTo(OperatorSettings.DEFAULT_JOBS);
    assertThat(container.getArgs())
        .containsExactly(JobConfig.LAUNCHER, "job", "--config", "/etc/lakehouse/job/job.json");
    assertThat(container.getEnv())
        .filteredOn(e -> e.getName().startsWith("LAKEHOUSE_S3_"))
        .allSatisfy(
            e -> {
              assertThat(e.getValue()).isNull();
              assertThat(e.getValueFrom().getSecretKeyRef().getName())
                  .isEqualTo("demo-storage-credentials");
            })
        .hasSize(2);
    assertThat(pod.getServiceAccountName()).isEqualTo("raygun-1-ingest");
    assertThat(pod.getVolumes())
        .anySatisfy(v -> assertThat(v.getConfigMap().getName()).isEqualTo("raygun-1-job"));
    assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry(Labels.RUN, "raygun-1")
        .containsEntry(Labels.ATTEMPT, "1");

    JobConfig config = jobConfig("raygun-1");
    assertThat(config.task).isEqualTo(JobConfig.Task.ingest);
    assertThat(config.runName).isEqualTo("raygun-1");
    assertThat(config.runId).isEqualTo(run.getMetadata().getUid());
    assertThat(config.dataset.table.qualifiedName()).isEqualTo("bronze.raygun_errors");
    assertThat(config.storage.endpoint).isEqualTo("http://demo-seaweedfs." + ns + ".svc:8333");
    assertThat(config.storage.bucket).isEqualTo("lakehouse");
    assertThat(config.metastoreUri).isEqualTo("thrift://demo-metastore." + ns + ".svc:9083");
    assertThat(config.executors).isNull();
    // Spark in the pod gets the pod's one requested core, not the node's.
    assertThat(config.localCores).isEqualTo(1);

    Role role = client.rbac().roles().inNamespace(ns).withName("raygun-1-ingest").get();
    assertThat(role.getRules())
        .allSatisfy(r -> assertThat(r.getResourceNames()).containsExactly("raygun-1"))
        .extracting(r -> r.getResources().get(0) + ":" + String.join(",", r.getVerbs()))
        .containsExactly("ingestionruns:get", "ingestionruns/status:get,patch");
    var binding = client.rbac().roleBindings().inNamespace(ns).withName("raygun-1-ingest").get();
    assertThat(binding.getRoleRef().getName()).isEqualTo("raygun-1-ingest");
    assertThat(binding.getSubjects().get(0).getName()).isEqualTo("raygun-1-ingest");
    assertThat(client.serviceAccounts().inNamespace(ns).withName("raygun-1-ingest").get())
        .isNotNull();

    for (var owned :
        List.of(
            job,
            role,
            binding,
            client.configMaps().inNamespace(ns).withName("raygun-1-job").get())) {
      assertThat(owned.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(o -> assertThat(o.getUid()).isEqualTo(run.getMetadata().getUid()));
    }
    awaitReasons("raygun-1", "RunStarted");
  }

  @Test
  void executorsRunSparkOnKubernetesWithRbacForTheirPods() {
    readyLakehouse();
    createDataset("raygun-errors");
    createRun("big-1", "raygun-errors", spec -> spec.executors = 4);
    awaitJob("big-1-1");

    JobConfig config = jobConfig("big-1");
    assertThat(config.executors.instances).isEqualTo(4);
    assertThat(config.executors.serviceAccount).isEqualTo("big-1-ingest");
    assertThat(config.executors.image).isEqualTo(OperatorSettings.DEFAULT_JOBS);
    assertThat(config.executors.memory).isEqualTo("1664m");
    assertThat(config.executors.labels).containsEntry(Labels.RUN, "big-1");
    Role role = client.rbac().roles().inNamespace(ns).withName("big-1-ingest").get();
    assertThat(role.getRules())
        .anySatisfy(
            r -> {
              assertThat(r.getResources()).containsExactly("pods");
              assertThat(r.getVerbs()).contains("create", "delete", "watch");
              assertThat(r.getResourceNames()).isEmpty();
            });
  }

  @Test
  void theOperatorMirrorsCheckpointsAndNeverLosesOneUnderABurstOfPatches() throws Exception {
    readyLakehouse();
    createDataset("raygun-errors");
    createRun("raygun-1", "raygun-errors", spec -> {});
    awaitJob("raygun-1-1");
    pods.start("raygun-1-1");
    KubernetesCheckpointStore store = JobPodCheckpoints.store(cluster, ns, "raygun-1");

    store.save(JobPodCheckpoints.after(1, 40, 0));
    awaitRun("raygun-1", s -> "1/40".equals(s.progress));
    assertThat(fetch("raygun-1").getStatus().message).contains("1/40 batches committed");

    // Batches 2..40 as fast as the store can write them, while the operator writes its own
    // status after each one it sees.
    List<CompletableFuture<Void>> writers = new ArrayList<>();
    writers.add(
        CompletableFuture.runAsync(
            () -> {
              for (int batch = 2; batch <= 40; batch++) {
                store.save(JobPodCheckpoints.after(batch, 40, 0));
              }
            }));
    for (CompletableFuture<Void> writer : writers) {
      writer.get();
    }
    IngestionRun done = awaitRun("raygun-1", s -> "40/40".equals(s.progress));
    assertThat(done.getStatus().checkpoint.batchesCommitted).isEqualTo(40);
    assertThat(done.getStatus().checkpoint.rowsWritten).isEqualTo(40 * 5000L);
    assertThat(store.load().orElseThrow().deltaVersion).isEqualTo(40L);

    pods.succeed("raygun-1-1");
    IngestionRun succeeded = awaitRun("raygun-1", s -> s.phase == RunPhase.Succeeded);
    assertThat(succeeded.getStatus().checkpoint.batchesCommitted).isEqualTo(40);
    assertThat(succeeded.getStatus().completionTime).isNotNull();
    assertThat(succeeded.getStatus().message)
        .isEqualTo(
            "succeeded: 40/40 batches, 200000 files, 200000 rows written, 0 rejected,"
                + " Delta version 40 in 1 attempt");
    assertThat(Conditions.isTrue(succeeded.getStatus().conditions, ConditionTypes.COMPLETE))
        .isTrue();
    assertThat(succeeded.getStatus().history)
        .extracting(t -> t.phase)
        .containsExactly(RunPhase.Pending, RunPhase.Running, RunPhase.Succeeded);
    awaitReasons("raygun-1", "RunSucceeded");
  }

  @Test
  void infrastructureFailuresRetryWithinTheirBudgetAndResumeFromTheCheckpoint() {
    readyLakehouse();
    createDataset("raygun-errors");
    createRun("raygun-1", "raygun-errors", spec -> spec.retries = budget(2, 0));
    awaitJob("raygun-1-1");
    pods.start("raygun-1-1");
    KubernetesCheckpointStore store = JobPodCheckpoints.store(cluster, ns, "raygun-1");
    store.save(JobPodCheckpoints.after(12, 40, 0));
    awaitRun("raygun-1", s -> "12/40".equals(s.progress));

    pods.evict("raygun-1-1");
    IngestionRun retrying = awaitRun("raygun-1", s -> s.phase == RunPhase.Retrying);
    assertThat(retrying.getStatus().message)
        .contains("attempt 1 failed (infrastructure, Evicted)")
        .contains("low on resource: memory")
        .contains("retry 1 of 2")
        .contains("resuming after 12/40 batches committed");
    assertThat(retrying.getStatus().infrastructureFailures).isEqualTo(1);

    clock.advance(Duration.ofSeconds(2));
    awaitJob("raygun-1-2");
    IngestionRun second = awaitRun("raygun-1", s -> s.phase == RunPhase.Running);
    assertThat(second.getStatus().attempts).isEqualTo(2);
    assertThat(messages("raygun-1"))
        .contains(
            "attempt 2 started: Job raygun-1-2, resuming after 12/40 batches committed (60000 rows)");
    // The new pod finds the same checkpoint and the same job configuration.
    assertThat(
            JobPodCheckpoints.store(cluster, ns, "raygun-1").load().orElseThrow().batchesCommitted)
        .isEqualTo(12);
    assertThat(jobVolume("raygun-1-2")).isEqualTo("raygun-1-job");

    pods.start("raygun-1-2");
    store.save(JobPodCheckpoints.after(20, 40, 0));
    pods.oomKill("raygun-1-2");
    awaitRun("raygun-1", s -> s.phase == RunPhase.Retrying && s.infrastructureFailures == 2);
    clock.advance(Duration.ofSeconds(5));
    awaitJob("raygun-1-3");
    pods.start("raygun-1-3");
    pods.loseNode("raygun-1-3");

    IngestionRun failed = awaitRun("raygun-1", s -> s.phase == RunPhase.Failed);
    assertThat(failed.getStatus().message)
        .contains("attempt 3 failed (infrastructure, PodLost)")
        .contains("the infrastructure retry budget (2) is spent after 3 attempts")
        .contains("20/40 batches committed");
    assertThat(failed.getStatus().checkpoint.batchesCommitted).isEqualTo(20);
    assertThat(Conditions.find(failed.getStatus().conditions, ConditionTypes.FAILED))
        .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
    awaitReasons("raygun-1", "AttemptFailed", "RunRetrying", "RunFailed");
    assertThat(reasons("raygun-1")).filteredOn("RunStarted"::equals).hasSize(3);
    assertThat(messages("raygun-1")).anySatisfy(m -> assertThat(m).contains("OOMKilled"));
  }

  @Test
  void applicationFailuresUseTheirOwnBudgetAndSayWhatFailed() {
    readyLakehouse();
    createDataset("raygun-errors");
    createRun("raygun-1", "raygun-errors", spec -> spec.retries = budget(5, 1));
    awaitJob("raygun-1-1");
    pods.start("raygun-1-1");
    String refused =
        "batch 3 of bronze.raygun_errors rejected 41% of its rows, over maxRejectedFraction 0.01:"
            + " worst file landing/raygun/x.json";
    pods.exit("raygun-1-1", 11, "Exception in thread main\n" + refused);

    IngestionRun retrying = awaitRun("raygun-1", s -> s.phase == RunPhase.Retrying);
    assertThat(retrying.getStatus().message)
        .contains("(application, DataRejected)")
        .contains(refused)
        .contains("retry 1 of 1");
    clock.advance(Duration.ofSeconds(2));
    awaitJob("raygun-1-2");
    pods.start("raygun-1-2");
    pods.preempt("raygun-1-2");
    awaitRun("raygun-1", s -> s.phase == RunPhase.Retrying && s.infrastructureFailures == 1);
    clock.advance(Duration.ofSeconds(5));
    awaitJob("raygun-1-3");
    pods.start("raygun-1-3");
    pods.exit("raygun-1-3", 10, "unknown table bronze.nope in the transform");

    IngestionRun failed = awaitRun("raygun-1", s -> s.phase == RunPhase.Failed);
    assertThat(failed.getStatus().applicationFailures).isEqualTo(2);
    assertThat(failed.getStatus().message)
        .contains("(application, Configuration)")
        .contains("unknown table bronze.nope")
        .contains("the application retry budget (1) is spent");
  }

  @Test
  void aRunsAccountMayWriteItsOwnCheckpointAndNoOtherRuns() {
    readyLakehouse();
    createDataset("raygun-errors");
    createDataset("other-errors");
    createRun("raygun-1", "raygun-errors", spec -> {});
    createRun("other-1", "other-errors", spec -> {});
    awaitJob("raygun-1-1");
    awaitJob("other-1-1");

    JobPodCheckpoints.store(cluster, ns, "raygun-1").save(JobPodCheckpoints.after(2, 40, 0));
    awaitRun("raygun-1", s -> "2/40".equals(s.progress));

    // The account of raygun-1, writing into other-1's status: RBAC's resourceNames refuse it.
    var intruder = JobPodCheckpoints.storeAs(cluster, ns, "other-1", "raygun-1-ingest");
    assertThatThrownBy(() -> intruder.save(JobPodCheckpoints.after(5, 40, 0)))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("403");
    assertThat(
            fetch("other-1").getStatus().checkpoint == null
                || fetch("other-1").getStatus().checkpoint.batchesCommitted != 5)
        .isTrue();
  }

  @Test
  void anImageThatCannotBePulledEndsTheAttemptAfterAGracePeriod() throws Exception {
    readyLakehouse();
    createDataset("raygun-errors");
    stuck = pods.imagePullBackOff("raygun-1-1");
    createRun("raygun-1", "raygun-errors", spec -> spec.retries = budget(0, 0));
    awaitJob("raygun-1-1");
    awaitRun("raygun-1", s -> s.message != null && s.message.contains("cannot pull its image"));

    // The grace runs from the pod's (real) creation time.
    clock.advance(
        Duration.between(clock.instant(), java.time.Instant.now())
            .plus(FailureClassifier.IMAGE_PULL_GRACE)
            .plusSeconds(2));
    touch("raygun-1");
    IngestionRun failed = awaitRun("raygun-1", s -> s.phase == RunPhase.Failed);
    assertThat(failed.getStatus().message)
        .contains("ImagePullFailed")
        .contains("registry.invalid/jobs:0");
    // The stuck pod is stopped with its Job.
    await().atMost(WAIT).until(() -> job("raygun-1-1") == null);
  }

  @Test
  void aRunPastItsTimeoutIsEndedByTheJobControllerAndFailsWithReasonTimeout() {
    readyLakehouse();
    createDataset("raygun-errors");
    createRun("raygun-1", "raygun-errors", spec -> spec.timeout = "4s");
    Job job = awaitJob("raygun-1-1");
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isBetween(1L, 4L);
    pods.start("raygun-1-1");
    JobPodCheckpoints.store(cluster, ns, "raygun-1").save(JobPodCheckpoints.after(3, 40, 0));

    // The real Job controller ends the Job at its activeDeadlineSeconds (DeadlineExceeded) and
    // deletes its pod; the operator's clock stands still here, so that is what ends the run.
    IngestionRun failed = awaitRun("raygun-1", s -> s.phase == RunPhase.Failed);
    assertThat(failed.getStatus().history.get(failed.getStatus().history.size() - 1).reason)
        .isEqualTo("Timeout");
    assertThat(failed.getStatus().message)
        .startsWith("timed out: not finished by its deadline " + failed.getStatus().deadline)
        .contains("spec.timeout 4s")
        .contains("3/40 batches committed");
    assertThat(failed.getStatus().attempts).isEqualTo(1);
    assertThat(Conditions.find(failed.getStatus().conditions, ConditionTypes.FAILED))
        .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("Timeout"));
    awaitReasons("raygun-1", "RunTimedOut");
  }

  @Test
  void aPodThatCannotBeScheduledIsReportedWithTheSchedulersReasonUntilItIsPlaced()
      throws Exception {
    readyLakehouse();
    createDataset("raygun-errors");
    String why = "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available";
    stuck = pods.cannotSchedule("raygun-1-1", why);
    createRun("raygun-1", "raygun-errors", spec -> {});

    IngestionRun waiting =
        awaitRun(
            "raygun-1",
            s ->
                Conditions.find(s.conditions, ConditionTypes.POD_SCHEDULED)
                    .map(c -> "False".equals(c.getStatus()))
                    .orElse(false));
    var condition =
        Conditions.find(waiting.getStatus().conditions, ConditionTypes.POD_SCHEDULED).orElseThrow();
    assertThat(condition.getReason()).isEqualTo("Unschedulable");
    assertThat(condition.getMessage()).isEqualTo("the pod cannot be scheduled: " + why);
    assertThat(waiting.getStatus().phase).isEqualTo(RunPhase.Running);
    assertThat(waiting.getStatus().message).contains("cannot be scheduled: " + why);
    awaitReasons("raygun-1", "PodUnschedulable");
    String described =
        new Kubectl(cluster.controlPlane())
            .run("describe", "ingestionrun", "raygun-1", "-n", ns)
            .assertOk()
            .out();
    assertThat(described).contains("PodScheduled").contains("Insufficient cpu");

    // Room is made: the pod is placed, and the condition says so.
    stuck.close();
    stuck = null;
    Pod pod = pods.start("raygun-1-1");
    assertThat(pod.getSpec().getNodeName()).isNotNull();
    touch("raygun-1");
    awaitRun(
        "raygun-1",
        s ->
            Conditions.find(s.conditions, ConditionTypes.POD_SCHEDULED)
                .map(c -> "True".equals(c.getStatus()))
                .orElse(false));
  }

  @Test
  void anOperatorRestartMidRunStartsNoSecondJobAndKeepsTheCheckpoint() throws Exception {
    readyLakehouse();
    createDataset("raygun-errors");
    createRun("raygun-1", "raygun-errors", spec -> {});
    awaitJob("raygun-1-1");
    pods.start("raygun-1-1");
    JobPodCheckpoints.store(cluster, ns, "raygun-1").save(JobPodCheckpoints.after(7, 40, 0));
    awaitRun("raygun-1", s -> "7/40".equals(s.progress));

    operator.stop();
    JobPodCheckpoints.store(cluster, ns, "raygun-1").save(JobPodCheckpoints.after(8, 40, 0));
    cluster.requests().drain();
    operator = startOperator();
    IngestionRun after = awaitRun("raygun-1", s -> "8/40".equals(s.progress));

    assertThat(after.getStatus().attempts).isEqualTo(1);
    assertThat(after.getStatus().checkpoint.batchesCommitted).isEqualTo(8);
    Thread.sleep(1000);
    assertThat(
            client
                .batch()
                .v1()
                .jobs()
                .inNamespace(ns)
                .withLabel(Labels.RUN, "raygun-1")
                .list()
                .getItems())
        .extracting(j -> j.getMetadata().getName())
        .containsExactly("raygun-1-1");
    assertThat(cluster.requests().drain())
        .noneMatch(w -> w.method().equals("POST") && w.path().contains("/jobs"));
  }

  @Test
  void suspendStopsThePodsAndResumeStartsANewAttemptAfterTheCommittedBatches() {
    readyLakehouse();
    createDataset("raygun-errors");
    createRun("raygun-1", "raygun-errors", spec -> {});
    awaitJob("raygun-1-1");
    pods.start("raygun-1-1");
    JobPodCheckpoints.store(cluster, ns, "raygun-1").save(JobPodCheckpoints.after(3, 10, 0));
    awaitRun("raygun-1", s -> "3/10".equals(s.progress));

    setSuspend("raygun-1", true);
    IngestionRun suspended = awaitRun("raygun-1", s -> s.phase == RunPhase.Suspended);
    assertThat(suspended.getStatus().message).contains("3/10 batches committed");
    await().atMost(WAIT).until(() -> job("raygun-1-1") == null);

    setSuspend("raygun-1", false);
    IngestionRun resumed = awaitRun("raygun-1", s -> s.phase == RunPhase.Running);
    assertThat(resumed.getStatus().attempts).isEqualTo(2);
    assertThat(resumed.getStatus().infrastructureFailures).isNull();
    assertThat(resumed.getStatus().checkpoint.batchesCommitted).isEqualTo(3);
    awaitJob("raygun-1-2");
    awaitReasons("raygun-1", "RunSuspended", "RunResumed");
  }

  @Test
  void runsOfOneDatasetGoOneAtATimeAndWaitForTheirLakehouse() {
    Lakehouse lakehouse = Lakehouses.demo("demo", ns);
    client.resource(lakehouse).create();
    createDataset("raygun-errors");
    createRun("first", "raygun-errors", spec -> {});
    IngestionRun waiting =
        awaitRun("first", s -> s.message != null && s.message.contains("not ready"));
    assertThat(waiting.getStatus().phase).isEqualTo(RunPhase.Pending);
    assertThat(waiting.getStatus().message).contains("Lakehouse demo is not ready (StorageReady");

    makeReady("demo");
    awaitJob("first-1");
    createRun("second", "raygun-errors", spec -> {});
    IngestionRun second =
        awaitRun("second", s -> s.message != null && s.message.contains("runs first"));
    assertThat(second.getStatus().message)
        .isEqualTo("waiting: IngestionRun first of Dataset raygun-errors runs first");
    assertThat(job("second-1")).isNull();

    pods.start("first-1");
    pods.succeed("first-1");
    awaitRun("first", s -> s.phase == RunPhase.Succeeded);
    touch("second");
    awaitJob("second-1");
  }

  @Test
  void deletingTheDatasetCancelsARunningRun() {
    readyLakehouse();
    createDataset("raygun-errors");
    createRun("raygun-1", "raygun-errors", spec -> {});
    awaitJob("raygun-1-1");
    pods.start("raygun-1-1");

    client.resources(Dataset.class).inNamespace(ns).withName("raygun-errors").delete();
    IngestionRun cancelled = awaitRun("raygun-1", s -> s.phase == RunPhase.Cancelled);
    assertThat(cancelled.getStatus().message)
        .startsWith("cancelled: Dataset raygun-errors was deleted");
    await().atMost(WAIT).until(() -> job("raygun-1-1") == null);
  }

  @Test
  void aRunOfAMissingDatasetWaitsAndSaysWhy() {
    createRun("orphan", "nope", spec -> {});
    IngestionRun waiting = awaitRun("orphan", s -> s.message != null);
    assertThat(waiting.getStatus().phase).isEqualTo(RunPhase.Pending);
    assertThat(waiting.getStatus().message).isEqualTo("waiting: Dataset nope does not exist");
    awaitReasons("orphan", "RunWaiting");
  }

  // --- helpers

  private LakehouseOperator startOperator() {
    var started =
        new LakehouseOperator(
            cluster.operatorClient(), OperatorSettings.defaults(), Set.of(ns), clock);
    started.start();
    return started;
  }

  private void readyLakehouse() {
    client.resource(Lakehouses.demo("demo", ns)).create();
    makeReady("demo");
  }

  private void makeReady(String name) {
    await()
        .atMost(WAIT)
        .until(
            () ->
                client.apps().deployments().inNamespace(ns).withName(name + "-trino-worker").get()
                    != null);
    var kubelet = new Kubelet(cluster);
    kubelet.awaitWorkloadsReady(ns, name);
    await()
        .atMost(WAIT)
        .until(
            () -> {
              Lakehouse l = client.resources(Lakehouse.class).inNamespace(ns).withName(name).get();
              return l.getStatus() != null && "Ready".equals(l.getStatus().phase);
            });
  }

  private void createDataset(String name) {
    client.resource(Datasets.bronzeToCreate(name, ns)).create();
  }

  private IngestionRun createRun(
      String name, String dataset, java.util.function.Consumer<IngestionRunSpec> customize) {
    var spec = new IngestionRunSpec();
    spec.dataset = dataset;
    customize.accept(spec);
    var run = new IngestionRun();
    run.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
    run.setSpec(spec);
    return client.resource(run).create();
  }

  private static RetryBudget budget(int infrastructure, int application) {
    var budget = new RetryBudget();
    budget.infrastructure = infrastructure;
    budget.application = application;
    budget.backoffSeconds = 1;
    return budget;
  }

  private void setSuspend(String run, boolean suspend) {
    mergePatch(run, "{\"spec\":{\"suspend\":" + suspend + "}}");
  }

  /** A label change wakes the reconciler, as the periodic re-check would after its interval. */
  private void touch(String run) {
    mergePatch(run, "{\"metadata\":{\"labels\":{\"test/touched\":\"" + System.nanoTime() + "\"}}}");
  }

  /** As kubectl patch does: no resourceVersion, so the operator's own writes cannot conflict. */
  private void mergePatch(String run, String patch) {
    client
        .resources(IngestionRun.class)
        .inNamespace(ns)
        .withName(run)
        .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
  }

  private IngestionRun fetch(String name) {
    return client.resources(IngestionRun.class).inNamespace(ns).withName(name).get();
  }

  private IngestionRun awaitRun(String name, Predicate<IngestionRunStatus> condition) {
    await()
        .atMost(WAIT)
        .until(
            () -> {
              IngestionRun run = fetch(name);
              return run != null && run.getStatus() != null && condition.test(run.getStatus());
            });
    return fetch(name);
  }

  private Job job(String name) {
    return client.batch().v1().jobs().inNamespace(ns).withName(name).get();
  }

  private Job awaitJob(String name) {
    await().atMost(WAIT).until(() -> job(name) != null);
    return job(name);
  }

  private String jobVolume(String job) {
    return job(job).getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(v -> v.getConfigMap() != null)
        .findFirst()
        .orElseThrow()
        .getConfigMap()
        .getName();
  }

  private JobConfig jobConfig(String run) {
    String json =
        client.configMaps().inNamespace(ns).withName(run + "-job").get().getData().get("job.json");
    return client.getKubernetesSerialization().unmarshal(json, JobConfig.class);
  }

  /** Events follow the status write they describe: wait for them, as for the status. */
  private void awaitReasons(String name, String... expected) {
    await().atMost(WAIT).untilAsserted(() -> assertThat(reasons(name)).contains(expected));
  }

  private List<String> reasons(String name) {
    return events(name).stream().map(e -> e.getReason()).toList();
  }

  private List<String> messages(String name) {
    return events(name).stream().map(e -> e.getMessage()).toList();
  }

  private List<io.fabric8.kubernetes.api.model.Event> events(String name) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }
}
