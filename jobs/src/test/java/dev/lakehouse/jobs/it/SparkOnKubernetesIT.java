package dev.lakehouse.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.api.job.JobConfig;
import dev.lakehouse.jobs.engine.SparkSessions;
import dev.lakehouse.jobs.pod.JobConfigFile;
import dev.lakehouse.jobs.pod.PodSparkSettings;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import okhttp3.mockwebserver.MockWebServer;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job pod's Spark on Kubernetes, against fabric8's mock API server in CRUD mode: the driver (this
 * JVM, standing in for the Job's pod) finds its own pod, and asks for executor pods with the run's
 * image, service account and labels, owned by the driver pod so they go when it goes. Nothing runs
 * the executor pods; the test checks what Spark asked the API server for, then that stopping the
 * session deletes them. This is also what shows spark-kubernetes works on this build's Spark core
 * and fabric8 client.
 */
class SparkOnKubernetesIT {
  static final String NAMESPACE = "analytics";
  static final String POD_NAME = "raygun-errors-1-job-x7k2p";
  static final String SECRET_KEY = "s3cr3t-from-the-secret";

  @TempDir Path temp;
  KubernetesMockServer server;
  KubernetesClient client;

  @BeforeEach
  void startApiServer() throws IOException {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            true);
    server.init(InetAddress.getByName("127.0.0.1"), 0);
    client = server.createClient();
  }

  @AfterEach
  void stopApiServer() {
    client.close();
    server.destroy();
  }

  @Test
  void theDriverStartsExecutorPodsItOwns() throws Exception {
    Pod driver =
        client
            .pods()
            .inNamespace(NAMESPACE)
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName(POD_NAME)
                    .withNamespace(NAMESPACE)
                    .withUid("d7f3c2a4-0000-4000-8000-000000000001")
                    .endMetadata()
                    .withNewSpec()
                    .addNewContainer()
                    .withName("job")
                    .withImage("ghcr.io/lakehouse/jobs:0.1.0")
                    .endContainer()
                    .endSpec()
                    .withNewStatus()
                    .withPhase("Running")
                    .addNewCondition()
                    .withType("Ready")
                    .withStatus("True")
                    .endCondition()
                    .endStatus()
                    .build())
            .create();
    int driverPort = freePort();
    JobConfig job = job(driverPort);
    Map<String, String> env =
        Map.of(
            JobConfig.S3_ACCESS_KEY_ENV,
            "AKIA-from-the-secret",
            JobConfig.S3_SECRET_KEY_ENV,
            SECRET_KEY,
            "KUBERNETES_SERVICE_HOST",
            "127.0.0.1",
            "KUBERNETES_SERVICE_PORT",
            Integer.toString(server.getPort()),
            JobConfig.POD_NAME_ENV,
            POD_NAME,
            JobConfig.POD_IP_ENV,
            "127.0.0.1");

    try (SparkSession spark = SparkSessions.start(PodSparkSettings.of(job, env))) {
      assertThat(spark.sparkContext().master())
          .isEqualTo("k8s://https://127.0.0.1:" + server.getPort());
      List<Pod> executors = await(() -> executorPods(), pods -> pods.size() == 2);

      String prefix =
          PodSparkSettings.of(job, env).asMap().get("spark.kubernetes.executor.podNamePrefix");
      assertThat(executors)
          .extracting(p -> p.getMetadata().getName())
          .containsExactlyInAnyOrder(prefix + "-exec-1", prefix + "-exec-2");
      for (Pod pod : executors) {
        assertThat(pod.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
        assertThat(pod.getMetadata().getLabels())
            .containsEntry("lakehouse.dev/run", "raygun-errors-1")
            .containsEntry("app.kubernetes.io/part-of", "demo")
            .containsEntry("spark-role", "executor");
        assertThat(pod.getMetadata().getOwnerReferences())
            .singleElement()
            .satisfies(
                owner -> {
                  assertThat(owner.getKind()).isEqualTo("Pod");
                  assertThat(owner.getName()).isEqualTo(POD_NAME);
                  assertThat(owner.getUid()).isEqualTo(driver.getMetadata().getUid());
                });
        assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("demo-ingestion");
        Container container = pod.getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("ghcr.io/lakehouse/jobs:0.1.0");
        assertThat(container.getImagePullPolicy()).isEqualTo("IfNotPresent");
        assertThat(container.getResources().getRequests().get("cpu").toString()).isEqualTo("1");
        assertThat(container.getEnv())
            .anySatisfy(
                e -> {
                  assertThat(e.getName()).isEqualTo("SPARK_DRIVER_URL");
                  assertThat(e.getValue())
                      .isEqualTo("spark://CoarseGrainedScheduler@127.0.0.1:" + driverPort);
                });
        // S3 credentials reach executors through Spark's RPC, never through the pod spec.
        assertThat(new ObjectMapper().writeValueAsString(pod)).doesNotContain(SECRET_KEY);
      }
    }

    // Stopping the session deletes the executor pods (their owner reference is the backstop).
    assertThat(await(this::executorPods, List::isEmpty)).isEmpty();
  }

  JobConfig job(int driverPort) throws Exception {
    Path file = temp.resolve("job.json");
    Files.writeString(
        file,
        """
        {
          "task": "ingest",
          "namespace": "%s",
          "runName": "raygun-errors-1",
          "runId": "uid-1",
          "datasetName": "raygun-errors",
          "dataset": {
            "lakehouse": "demo",
            "layer": "bronze",
            "table": {"schema": "bronze", "name": "raygun_errors"},
            "source": {"files": {"prefix": "landing/raygun/", "format": "json"}}
          },
          "run": {"dataset": "raygun-errors"},
          "storage": {"endpoint": "http://127.0.0.1:1", "pathStyleAccess": true, "bucket": "lakehouse"},
          "metastoreUri": "thrift://127.0.0.1:1",
          "executors": {
            "instances": 2,
            "image": "ghcr.io/lakehouse/jobs:0.1.0",
            "imagePullPolicy": "IfNotPresent",
            "serviceAccount": "demo-ingestion",
            "cores": 1,
            "memory": "512Mi",
            "labels": {"lakehouse.dev/run": "raygun-errors-1", "app.kubernetes.io/part-of": "demo"}
          },
          "sparkConf": %s
        }
        """
            .formatted(NAMESPACE, new ObjectMapper().writeValueAsString(testOnlyConf(driverPort))));
    return JobConfigFile.read(file);
  }

  /** What only this test needs: the mock server's certificate, loopback, no wait for executors. */
  static Map<String, String> testOnlyConf(int driverPort) throws IOException {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.kubernetes.trust.certificates", "true");
    conf.put("spark.driver.bindAddress", "127.0.0.1");
    conf.put("spark.driver.port", Integer.toString(driverPort));
    conf.put("spark.blockManager.port", Integer.toString(freePort()));
    conf.put("spark.scheduler.maxRegisteredResourcesWaitingTime", "1s");
    return conf;
  }

  List<Pod> executorPods() {
    return client
        .pods()
        .inNamespace(NAMESPACE)
        .withLabel("spark-role", "executor")
        .list()
        .getItems();
  }

  static <T> T await(Supplier<T> value, java.util.function.Predicate<T> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    T current = value.get();
    while (!done.test(current) && System.nanoTime() < deadline) {
      Thread.sleep(200);
      current = value.get();
    }
    return current;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
