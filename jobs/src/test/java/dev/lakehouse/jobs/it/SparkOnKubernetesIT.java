package dev.lakehouse.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.api.job.JobConfig;
import dev.lakehouse.jobs.engine.SparkSessions;
import dev.lakehouse.jobs.pod.JobConfigFile;
import dev.lakehouse.jobs.pod.PodSparkSettings;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job pod's Spark on Kubernetes, against the real API server (kube-testing's control plane, in a
 * process of its own) in a namespace that enforces Pod Security "restricted": the driver (this JVM,
 * standing in for the Job's pod) authenticates as the run's ServiceAccount, under the Role the
 * operator gives it (pods only), finds its own pod, and starts executor pods from the project's pod
 * template with the run's image, account and labels, owned by the driver pod. The real admission
 * admits them; the test kubelet reports them running (nothing runs them), and stopping the session
 * deletes them. This is also what shows spark-kubernetes works on this build's Spark core and
 * fabric8 client.
 */
class SparkOnKubernetesIT {
  /** Named as the operator names a run's account (RunNames), so the chart's pod policy applies. */
  static final String ACCOUNT = "raygun-errors-1-ingest";

  /** The chart's admission policy on what a run's account does with pods. */
  static final Path RUN_POD_POLICY =
      Path.of("..", "helm", "lakehouse-operator", "files", "policies", "run-pods.yaml");

  static final String POD_NAME = "raygun-errors-1-job-x7k2p";
  static final String SECRET_KEY = "s3cr3t-from-the-secret";

  @TempDir Path temp;
  ControlPlaneProcess plane;
  KubernetesClient client;
  String namespace;

  @BeforeEach
  void startApiServer() throws Exception {
    plane = ControlPlaneProcess.start("spark", ACCOUNT, RUN_POD_POLICY);
    namespace = plane.namespace();
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(plane.kubeconfig())))
            .build();
    // The Role RunObjects gives a run with executors, and its binding.
    client
        .rbac()
        .roles()
        .inNamespace(namespace)
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName(ACCOUNT)
                .endMetadata()
                .addNewRule()
                .withApiGroups("")
                .withResources("pods")
                .withVerbs(JobConfig.Executors.DRIVER_POD_VERBS)
                .endRule()
                .build())
        .create();
    client
        .rbac()
        .roleBindings()
        .inNamespace(namespace)
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(ACCOUNT)
                .endMetadata()
                .withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("Role")
                .withName(ACCOUNT)
                .endRoleRef()
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(ACCOUNT)
                .withNamespace(namespace)
                .endSubject()
                .build())
        .create();
  }

  @AfterEach
  void stopApiServer() throws Exception {
    client.close();
    plane.close();
  }

  @Test
  void theDriverStartsAdmittedExecutorPodsItOwnsAsTheRunsAccount() throws Exception {
    Pod driver = client.pods().inNamespace(namespace).resource(driverPod()).create();
    String apiServer = client.getConfiguration().getMasterUrl();
    awaitRunPodPolicy();
    java.net.URI api = java.net.URI.create(apiServer);
    int driverPort = freePort();
    JobConfig job = job(driverPort);
    Map<String, String> env =
        Map.of(
            JobConfig.S3_ACCESS_KEY_ENV,
            "AKIA-from-the-secret",
            JobConfig.S3_SECRET_KEY_ENV,
            SECRET_KEY,
            "KUBERNETES_SERVICE_HOST",
            api.getHost(),
            "KUBERNETES_SERVICE_PORT",
            Integer.toString(api.getPort()),
            JobConfig.POD_NAME_ENV,
            POD_NAME,
            JobConfig.POD_IP_ENV,
            "127.0.0.1");

    try (SparkSession spark = SparkSessions.start(PodSparkSettings.of(job, env))) {
      assertThat(spark.sparkContext().master())
          .isEqualTo("k8s://https://" + api.getHost() + ":" + api.getPort());
      List<Pod> executors = await(() -> executorPods(), pods -> pods.size() == 2);

      String prefix =
          PodSparkSettings.of(job, env).asMap().get("spark.kubernetes.executor.podNamePrefix");
      assertThat(executors)
          .extracting(p -> p.getMetadata().getName())
          .containsExactlyInAnyOrder(prefix + "-exec-1", prefix + "-exec-2");
      for (Pod pod : executors) {
        assertThat(pod.getMetadata().getNamespace()).isEqualTo(namespace);
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
        assertThat(pod.getSpec().getServiceAccountName()).isEqualTo(ACCOUNT);
        // The project's pod template: what Pod Security "restricted" admitted.
        assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSpec().getSecurityContext().getSeccompProfile().getType())
            .isEqualTo("RuntimeDefault");
        assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSpec().getImagePullSecrets())
            .extracting(r -> r.getName())
            .containsExactly("registry-creds");
        Container container = pod.getSpec().getContainers().get(0);
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop())
            .containsExactly("ALL");
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
      // Spark needed no ConfigMap (nor Service) of its own: the Role grants none.
      assertThat(client.configMaps().inNamespace(namespace).list().getItems())
          .noneMatch(c -> c.getMetadata().getName().startsWith("spark"));
    }

    // Stopping the session deletes the executor pods (their owner reference is the backstop).
    assertThat(await(this::executorPods, List::isEmpty)).isEmpty();

    // The run's account may touch pods and nothing else, and of pods only its executors.
    try (KubernetesClient asRun = asRun()) {
      assertThatThrownBy(() -> asRun.pods().inNamespace(namespace).resource(driver).delete())
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              e -> assertThat(e.getMessage()).contains("deletes only Spark executor pods"));
      assertThatThrownBy(
              () ->
                  asRun
                      .configMaps()
                      .inNamespace(namespace)
                      .resource(
                          new ConfigMapBuilder()
                              .withNewMetadata()
                              .withName("x")
                              .endMetadata()
                              .build())
                      .create())
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
      assertThatThrownBy(() -> asRun.services().inNamespace(namespace).list())
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    }
  }

  KubernetesClient asRun() throws IOException {
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder()
                .withMasterUrl(client.getConfiguration().getMasterUrl())
                .withOauthToken(Files.readString(plane.tokenFile()).strip())
                .withCaCertFile(plane.caFile().toString())
                .build())
        .build();
  }

  /**
   * The API server enforces a policy once it has loaded it: until the run's account is refused a
   * pod that is no executor (each probe under a new name, an admitted one deleted again).
   */
  void awaitRunPodPolicy() throws Exception {
    try (KubernetesClient asRun = asRun()) {
      for (int probe = 1; ; probe++) {
        Pod pod =
            new PodBuilder(driverPod())
                .editMetadata()
                .withName("probe-" + probe)
                .endMetadata()
                .build();
        try {
          asRun.pods().inNamespace(namespace).resource(pod).create();
          asRun.pods().inNamespace(namespace).resource(pod).delete();
        } catch (KubernetesClientException e) {
          assertThat(e.getMessage()).contains("lakehouse-run-pods");
          return;
        }
        assertThat(probe).as("probes until the run pod policy is enforced").isLessThan(300);
        Thread.sleep(100);
      }
    }
  }

  /** The Job's pod as the operator's template makes it, within "restricted". */
  Pod driverPod() {
    return new PodBuilder()
        .withNewMetadata()
        .withName(POD_NAME)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName(ACCOUNT)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(185L)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .addNewContainer()
        .withName("job")
        .withImage("ghcr.io/lakehouse/jobs:0.1.0")
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .endContainer()
        .endSpec()
        .build();
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
            "serviceAccount": "%s",
            "cores": 1,
            "memory": "512Mi",
            "labels": {"lakehouse.dev/run": "raygun-errors-1", "app.kubernetes.io/part-of": "demo"},
            "imagePullSecrets": ["registry-creds"]
          },
          "sparkConf": %s
        }
        """
            .formatted(
                namespace,
                ACCOUNT,
                new ObjectMapper().writeValueAsString(testOnlyConf(driverPort))));
    return JobConfigFile.read(file);
  }

  /**
   * What only this test needs: the run's token and the cluster's CA from files (a pod has them
   * mounted where the client finds them), loopback, no wait for executors.
   */
  Map<String, String> testOnlyConf(int driverPort) throws IOException {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.kubernetes.authenticate.oauthTokenFile", plane.tokenFile().toString());
    conf.put("spark.kubernetes.authenticate.caCertFile", plane.caFile().toString());
    conf.put("spark.driver.bindAddress", "127.0.0.1");
    conf.put("spark.driver.port", Integer.toString(driverPort));
    conf.put("spark.blockManager.port", Integer.toString(freePort()));
    conf.put("spark.scheduler.maxRegisteredResourcesWaitingTime", "1s");
    return conf;
  }

  List<Pod> executorPods() {
    return client
        .pods()
        .inNamespace(namespace)
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
