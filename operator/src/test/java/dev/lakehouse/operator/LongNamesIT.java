package dev.lakehouse.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lakehouse.api.dataset.Dataset;
import dev.lakehouse.api.dataset.TableRef;
import dev.lakehouse.api.lakehouse.Lakehouse;
import dev.lakehouse.api.run.IngestionRun;
import dev.lakehouse.api.run.IngestionRunSpec;
import dev.lakehouse.api.run.RunPhase;
import dev.lakehouse.operator.dataset.Datasets;
import dev.lakehouse.operator.lakehouse.Lakehouses;
import dev.lakehouse.operator.testing.DemoLakehouse;
import dev.lakehouse.operator.testing.JobPodCheckpoints;
import dev.lakehouse.operator.testing.Kubelet;
import dev.lakehouse.operator.testing.RunPods;
import dev.lakehouse.operator.testing.RunningOperator;
import dev.lakehouse.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The longest and oddest names the CRDs admit, end to end on the real API server: every object
 * derived from them (Services, StatefulSets and the labels their controllers add, Jobs and their
 * pods' labels, ServiceAccounts, Roles) must be accepted there too.
 */
class LongNamesIT {
  /** 40 characters, the most a Lakehouse name may have. */
  static final String LONGEST_LAKEHOUSE = "a-lakehouse-named-as-long-as-allowed-x40";

  /** 63 characters, the most a Dataset or IngestionRun name may have (a label value). */
  static final String LONGEST_DATASET =
      "raygun-errors-from-every-production-web-frontend-in-europe-west";

  /** 63 characters, starting with a digit. */
  static final String LONGEST_RUN =
      "1st-run-of-raygun-errors-from-every-production-web-frontend-eu1";

  static final Duration WAIT = Duration.ofSeconds(60);

  TestCluster cluster;
  KubernetesClient client;
  String ns;
  RunningOperator running;

  @BeforeEach
  void start() {
    running = RunningOperator.start("names");
    cluster = running.cluster();
    client = running.client();
    ns = running.namespace();
  }

  @AfterEach
  void stop() {
    running.close();
  }

  @Test
  void theLongestLakehouseNameBecomesReady() {
    assertThat(LONGEST_LAKEHOUSE).hasSize(40);
    Lakehouse lakehouse = Lakehouses.demo(LONGEST_LAKEHOUSE, ns);
    lakehouse.getMetadata().setUid(null);
    lakehouse.getMetadata().setGeneration(null);
    client.resource(lakehouse).create();

    var kubelet = new Kubelet(cluster);
    await()
        .atMost(WAIT)
        .until(
            () ->
                client
                        .apps()
                        .statefulSets()
                        .inNamespace(ns)
                        .withName(LONGEST_LAKEHOUSE + "-seaweedfs")
                        .get()
                    != null);
    kubelet.awaitWorkloadsReady(ns, LONGEST_LAKEHOUSE);

    await()
        .atMost(WAIT)
        .until(
            () ->
                client.resources(Lakehouse.class).inNamespace(ns).withName(LONGEST_LAKEHOUSE).get(),
            l -> l.getStatus() != null && "Ready".equals(l.getStatus().phase));
    // The StatefulSet controller labelled its pods with the revision hash, which must fit 63.
    assertThat(
            client.pods().inNamespace(ns).withLabel("controller-revision-hash").list().getItems())
        .isNotEmpty()
        .allSatisfy(
            p ->
                assertThat(p.getMetadata().getLabels().get("controller-revision-hash").length())
                    .isLessThanOrEqualTo(63));
    assertThat(
            client.configMaps().inNamespace(ns).list().getItems().stream()
                .flatMap(
                    c ->
                        c.getData() == null
                            ? java.util.stream.Stream.empty()
                            : c.getData().values().stream())
                .filter(text -> text.contains("node.environment="))
                .toList())
        .isNotEmpty()
        .allSatisfy(
            text ->
                assertThat(text)
                    .contains("node.environment=" + LONGEST_LAKEHOUSE.replace('-', '_')));
  }

  @Test
  void aRunWithTheLongestNamesOfADatasetAndItselfSucceeds() {
    assertThat(LONGEST_DATASET).hasSize(63);
    assertThat(LONGEST_RUN).hasSize(63);
    DemoLakehouse.createReady(cluster);
    Dataset dataset = Datasets.bronze(LONGEST_DATASET, ns);
    dataset.getMetadata().setUid(null);
    dataset.getMetadata().setGeneration(null);
    dataset.getSpec().table = new TableRef("bronze", "raygun_errors_europe");
    dataset.getSpec().source.files.prefix = "landing/raygun/";
    client.resource(dataset).create();

    var run = new IngestionRun();
    run.setMetadata(new ObjectMetaBuilder().withName(LONGEST_RUN).withNamespace(ns).build());
    run.setSpec(new IngestionRunSpec());
    run.getSpec().dataset = LONGEST_DATASET;
    client.resource(run).create();

    IngestionRun running =
        await()
            .atMost(WAIT)
            .until(
                () ->
                    client
                        .resources(IngestionRun.class)
                        .inNamespace(ns)
                        .withName(LONGEST_RUN)
                        .get(),
                r -> r.getStatus() != null && r.getStatus().jobName != null);
    String job = running.getStatus().jobName;
    assertThat(job).hasSizeLessThanOrEqualTo(63);

    var pods = new RunPods(cluster);
    Pod pod = pods.start(job);
    assertThat(pod.getMetadata().getLabels()).containsEntry("job-name", job);
    assertThat(pod.getSpec().getServiceAccountName()).hasSizeLessThanOrEqualTo(63);
    JobPodCheckpoints.store(cluster, ns, LONGEST_RUN).save(JobPodCheckpoints.after(2, 2, 0));
    pods.succeed(job);

    await()
        .atMost(WAIT)
        .until(
            () -> client.resources(IngestionRun.class).inNamespace(ns).withName(LONGEST_RUN).get(),
            r -> r.getStatus() != null && r.getStatus().phase == RunPhase.Succeeded);
  }
}
