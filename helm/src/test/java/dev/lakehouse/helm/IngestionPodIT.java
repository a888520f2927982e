package dev.lakehouse.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lakehouse.api.run.IngestionRun;
import dev.lakehouse.api.run.IngestionRunSpec;
import dev.lakehouse.api.run.RunPhase;
import dev.lakehouse.config.MetastoreSettings;
import dev.lakehouse.config.S3Settings;
import dev.lakehouse.kubetesting.LoopbackServices;
import dev.lakehouse.kubetesting.ProcessPods;
import dev.lakehouse.operator.OperatorSettings;
import dev.lakehouse.operator.dataset.Datasets;
import dev.lakehouse.operator.lakehouse.LakehouseModel;
import dev.lakehouse.operator.testing.DemoLakehouse;
import dev.lakehouse.operator.testing.RunningOperator;
import dev.lakehouse.testing.MetastoreProbe;
import dev.lakehouse.testing.MetastoreSecrets;
import dev.lakehouse.testing.MetastoreServer;
import dev.lakehouse.testing.PostgresServer;
import dev.lakehouse.testing.S3Server;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An IngestionRun end to end with nothing played by the test but the container runtime: the real
 * operator makes the Job, the real Job controller its pod, and the test kubelet runs that pod as
 * the jobs image's real entry point ({@code lakehouse job --config}) from the staged image files,
 * with the pod's environment, ConfigMap and a token of the run's own ServiceAccount. The pod
 * reaches the Lakehouse's Services by their cluster names ({@link LoopbackServices}): SeaweedFS's
 * is a real SeaweedFS holding the landing files, the metastore's a real Hive Metastore on
 * PostgreSQL. It ingests, registers the table, writes its checkpoints into the run's status under
 * the Role the operator made, and exits 0, which the Job controller and the operator turn into
 * Succeeded.
 */
class IngestionPodIT {
  static final Duration WAIT = Duration.ofMinutes(4);
  static final Path JOBS_IMAGE = Path.of("..", "jobs", "target", "image").toAbsolutePath();

  @TempDir Path temp;
  RunningOperator operator;
  LoopbackServices services;
  AutoCloseable processes;
  S3Server s3;
  PostgresServer postgres;
  MetastoreServer metastore;

  @AfterEach
  void stop() throws Exception {
    if (processes != null) {
      processes.close();
    }
    for (AutoCloseable c : new AutoCloseable[] {operator, services, metastore, postgres, s3}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void theJobsPodIngestsThroughTheLakehousesServicesAndTheRunSucceeds() throws Exception {
    assertThat(JOBS_IMAGE.resolve("bin/lakehouse"))
        .as("the jobs image staged by `mvn -pl jobs package`")
        .exists();
    operator = RunningOperator.start("ingestion-pod");
    String ns = operator.namespace();
    KubernetesClient client = operator.client();
    DemoLakehouse.create(client, ns);

    // The servers behind the Lakehouse's Services, with the credentials the operator generated.
    Secret storage =
        await()
            .atMost(WAIT)
            .until(
                () -> client.secrets().inNamespace(ns).withName("demo-storage-credentials").get(),
                s -> s != null);
    String accessKey = decode(storage, "accessKey");
    String secretKey = decode(storage, "secretKey");
    s3 = S3Server.start(accessKey, secretKey);
    s3.createBucket("lakehouse");
    for (int file = 1; file <= 3; file++) {
      StringBuilder lines = new StringBuilder();
      for (int row = 1; row <= 2; row++) {
        int id = file * 10 + row;
        lines.append("{\"id\": ").append(id).append(", \"message\": \"error ").append(id);
        lines.append("\"}\n");
      }
      s3.client()
          .putObject(
              "lakehouse",
              "landing/raygun/errors-" + file + ".json",
              lines.toString().getBytes(StandardCharsets.UTF_8));
    }
    postgres = PostgresServer.start("metastore", "hive", "hive-password");
    metastore =
        MetastoreServer.start(
            MetastoreServer.withThriftPort(
                MetastoreSettings.of(
                    postgres.jdbcUrl(),
                    "lakehouse",
                    S3Settings.of(s3.endpoint(), s3.region(), true)),
                0),
            new MetastoreSecrets("hive", "hive-password", accessKey, secretKey));
    services = new LoopbackServices(temp.resolve("hosts"));
    services.expose(ns, "demo-seaweedfs", LakehouseModel.SEAWEEDFS_S3_PORT, s3.port());
    services.expose(ns, "demo-metastore", MetastoreSettings.DEFAULT_THRIFT_PORT, metastore.port());

    // Pods of the jobs image run as processes; the others only report Running (no image here).
    ProcessPods jobsImage =
        ProcessPods.forCluster(
                operator.cluster().controlPlane(),
                Map.of(
                    "/opt/lakehouse", JOBS_IMAGE,
                    "/opt/spark/jars", JOBS_IMAGE.resolve("jars"),
                    "/opt/java/openjdk", Path.of(System.getProperty("java.home"))),
                temp.resolve("pods"),
                temp.resolve("logs"))
            .withServices(services);
    processes =
        operator
            .cluster()
            .kubelet()
            .runWith(
                pod ->
                    ns.equals(pod.getMetadata().getNamespace())
                        && pod.getSpec().getContainers().stream()
                            .anyMatch(c -> OperatorSettings.DEFAULT_JOBS.equals(c.getImage()))
                        && pod.getMetadata().getLabels().containsKey("lakehouse.dev/run"),
                jobsImage);
    DemoLakehouse.makeReady(operator.cluster());

    client.resource(Datasets.bronzeToCreate("raygun-errors", ns)).create();
    IngestionRun run = new IngestionRun();
    run.setMetadata(new ObjectMetaBuilder().withName("raygun-1").withNamespace(ns).build());
    run.setSpec(new IngestionRunSpec());
    run.getSpec().dataset = "raygun-errors";
    client.resource(run).create();

    IngestionRun done =
        await()
            .atMost(WAIT)
            .until(
                () ->
                    client.resources(IngestionRun.class).inNamespace(ns).withName("raygun-1").get(),
                r ->
                    r.getStatus() != null
                        && (r.getStatus().phase == RunPhase.Succeeded
                            || r.getStatus().phase == RunPhase.Failed));
    Pod pod =
        client
            .pods()
            .inNamespace(ns)
            .withLabel("lakehouse.dev/run", "raygun-1")
            .list()
            .getItems()
            .get(0);
    String log = Files.readString(jobsImage.log(ns, pod.getMetadata().getName()));
    assertThat(done.getStatus().phase)
        .as("the run's end; the pod's log:%n%s", log)
        .isEqualTo(RunPhase.Succeeded);
    var checkpoint = done.getStatus().checkpoint;
    assertThat(checkpoint.rowsWritten).isEqualTo(6L);
    assertThat(checkpoint.filesIngested).isEqualTo(3L);
    assertThat(checkpoint.batchesCommitted).isEqualTo(checkpoint.batchesTotal);
    assertThat(checkpoint.table.rowCount).isEqualTo(6L);
    assertThat(checkpoint.table.location).startsWith("s3a://lakehouse/");
    assertThat(
            pod.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode())
        .isZero();
    // Registered in the metastore the Service named, its files in the S3 server behind SeaweedFS's.
    assertThat(MetastoreProbe.databases("127.0.0.1", metastore.port())).contains("bronze");
    assertThat(s3.client().listKeys("lakehouse", "warehouse/bronze/raygun_errors/_delta_log/"))
        .isNotEmpty();
  }

  static String decode(Secret secret, String key) {
    return new String(
        Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }
}
