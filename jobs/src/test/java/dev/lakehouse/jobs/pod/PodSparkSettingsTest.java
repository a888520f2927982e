package dev.lakehouse.jobs.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.api.job.JobConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodSparkSettingsTest {
  static final Map<String, String> ENV =
      Map.of(
          "LAKEHOUSE_S3_ACCESS_KEY", "AKIA-from-secret",
          "LAKEHOUSE_S3_SECRET_KEY", "s3cr3t-from-secret",
          "KUBERNETES_SERVICE_HOST", "10.96.0.1",
          "KUBERNETES_SERVICE_PORT", "443",
          "POD_NAME", "raygun-errors-20250101-job-x7k2p",
          "POD_IP", "10.244.1.17");

  static JobConfig job(String json) throws JobConfigException {
    return JobConfigFile.parse("job.json", json);
  }

  @Test
  void localModeUsesThePodsCoresNotTheNodes() throws Exception {
    String withCores = JobConfigs.INGEST.replaceFirst("\\{", "{\"localCores\": 3,");
    assertThat(PodSparkSettings.of(job(withCores), ENV).asMap())
        .containsEntry("spark.master", "local[3]");
  }

  @Test
  void localModeRunsSparkInThePodOnTheMetastoreAndBucket() throws Exception {
    Map<String, String> conf = PodSparkSettings.of(job(JobConfigs.INGEST), ENV).asMap();

    assertThat(conf)
        .containsEntry("spark.master", "local[*]")
        .containsEntry("spark.sql.catalogImplementation", "hive")
        .containsEntry(
            "spark.hadoop.hive.metastore.uris", "thrift://demo-metastore.analytics.svc:9083")
        .containsEntry("spark.sql.warehouse.dir", "s3a://lakehouse/warehouse")
        .containsEntry("spark.hadoop.fs.s3a.endpoint", "http://demo-minio.analytics.svc:9000")
        .containsEntry("spark.hadoop.fs.s3a.path.style.access", "true")
        .containsEntry("spark.hadoop.fs.s3a.connection.ssl.enabled", "false")
        .containsEntry("spark.hadoop.fs.s3a.endpoint.region", "us-east-1")
        .containsEntry("spark.hadoop.fs.s3a.access.key", "AKIA-from-secret")
        .containsEntry("spark.hadoop.fs.s3a.secret.key", "s3cr3t-from-secret")
        .containsEntry("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        // the job's sparkConf wins over the engine's defaults
        .containsEntry("spark.sql.shuffle.partitions", "16");
    assertThat(conf.keySet()).noneMatch(k -> k.startsWith("spark.kubernetes."));
    assertThat(conf).doesNotContainKeys("spark.driver.host", "spark.executor.instances");
  }

  @Test
  void kubernetesModeRunsTheDriverInThePodAndExecutorPodsItOwns() throws Exception {
    Map<String, String> conf =
        PodSparkSettings.of(job(JobConfigs.withExecutors(JobConfigs.INGEST)), ENV).asMap();

    assertThat(conf)
        .containsEntry("spark.master", "k8s://https://10.96.0.1:443")
        .containsEntry("spark.kubernetes.namespace", "analytics")
        .containsEntry("spark.kubernetes.container.image", "ghcr.io/lakehouse/jobs:0.1.0")
        .containsEntry("spark.kubernetes.container.image.pullPolicy", "IfNotPresent")
        .containsEntry("spark.kubernetes.driver.pod.name", "raygun-errors-20250101-job-x7k2p")
        .containsEntry("spark.driver.host", "10.244.1.17")
        .containsEntry("spark.driver.bindAddress", "0.0.0.0")
        .containsEntry("spark.driver.port", "7078")
        .containsEntry("spark.blockManager.port", "7079")
        .containsEntry("spark.executor.instances", "3")
        .containsEntry("spark.executor.cores", "2")
        .containsEntry("spark.executor.memory", "4g")
        .containsEntry("spark.kubernetes.authenticate.driver.serviceAccountName", "demo-ingestion")
        .containsEntry(
            "spark.kubernetes.authenticate.executor.serviceAccountName", "demo-ingestion")
        .containsEntry(
            "spark.kubernetes.executor.label.lakehouse.dev/run", "raygun-errors-20250101")
        .containsEntry("spark.kubernetes.executor.label.app.kubernetes.io/part-of", "demo")
        // the catalog and the bucket are the same as in local mode
        .containsEntry("spark.sql.catalogImplementation", "hive")
        .containsEntry("spark.hadoop.fs.s3a.access.key", "AKIA-from-secret");
    assertThat(conf.get("spark.kubernetes.executor.podNamePrefix"))
        .matches("raygun-errors-20250101-[0-9a-f]{6}");
    // credentials travel to executors through Spark's configuration, not as pod settings
    assertThat(conf.entrySet())
        .filteredOn(e -> e.getKey().startsWith("spark.kubernetes."))
        .noneMatch(e -> e.getValue().contains("s3cr3t"));
  }

  @Test
  void theApiServerComesFromThePodsEnvironment() throws Exception {
    Map<String, String> env = new HashMap<>(ENV);
    env.put("KUBERNETES_SERVICE_HOST", "fd00:10:96::1");
    env.remove("KUBERNETES_SERVICE_PORT");
    assertThat(PodSparkSettings.kubernetesMaster(env))
        .isEqualTo("k8s://https://[fd00:10:96::1]:443");
  }

  @Test
  void credentialsComeOnlyFromTheEnvironment() throws Exception {
    for (String variable : new String[] {"LAKEHOUSE_S3_ACCESS_KEY", "LAKEHOUSE_S3_SECRET_KEY"}) {
      Map<String, String> env = new HashMap<>(ENV);
      env.remove(variable);
      assertThatThrownBy(() -> PodSparkSettings.of(job(JobConfigs.INGEST), env))
          .isInstanceOf(JobConfigException.class)
          .hasMessageStartingWith("environment variable " + variable + " (the S3 ")
          .hasMessageEndingWith(") is not set");
    }
    String withKey =
        JobConfigs.INGEST.replace(
            "\"spark.sql.shuffle.partitions\": \"16\"",
            "\"spark.hadoop.fs.s3a.secret.key\": \"in-the-spec\"");
    assertThatThrownBy(() -> PodSparkSettings.of(job(withKey), ENV))
        .hasMessage(
            "sparkConf must not carry credentials (spark.hadoop.fs.s3a.secret.key): they come from"
                + " the Lakehouse's storage Secret");
  }

  @Test
  void kubernetesModeNamesTheMissingPodVariable() throws Exception {
    JobConfig config = job(JobConfigs.withExecutors(JobConfigs.INGEST));
    for (String variable : new String[] {"KUBERNETES_SERVICE_HOST", "POD_NAME", "POD_IP"}) {
      Map<String, String> env = new HashMap<>(ENV);
      env.remove(variable);
      assertThatThrownBy(() -> PodSparkSettings.of(config, env))
          .hasMessageStartingWith("environment variable " + variable + " (");
    }
    config.namespace = null;
    assertThatThrownBy(() -> PodSparkSettings.of(config, ENV))
        .hasMessageStartingWith("environment variable POD_NAMESPACE (");
    Map<String, String> env = new HashMap<>(ENV);
    env.put("POD_NAMESPACE", "from-downward-api");
    assertThat(PodSparkSettings.of(config, env).asMap())
        .containsEntry("spark.kubernetes.namespace", "from-downward-api");
  }

  @Test
  void executorPodNamesAreDnsLabelsUniquePerDriverPod() {
    String prefix = PodSparkSettings.executorPodNamePrefix("Raygun_Errors..2025", "pod-a");
    assertThat(prefix).matches("raygun-errors-2025-[0-9a-f]{6}");
    assertThat(PodSparkSettings.executorPodNamePrefix("Raygun_Errors..2025", "pod-b"))
        .isNotEqualTo(prefix);
    String longest =
        PodSparkSettings.executorPodNamePrefix("r".repeat(40) + "-" + "x".repeat(40), "p");
    assertThat(longest).hasSizeLessThanOrEqualTo(PodSparkSettings.MAX_POD_NAME_PREFIX);
    assertThat(longest + "-exec-" + Integer.MAX_VALUE)
        .hasSizeLessThanOrEqualTo(63)
        .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    assertThat(PodSparkSettings.executorPodNamePrefix("a".repeat(39) + "-bc", "p"))
        .doesNotContain("--");
    assertThat(PodSparkSettings.executorPodNamePrefix("___", "p")).matches("lakehouse-[0-9a-f]{6}");
  }

  @Test
  void executorMemoryIsSparksSyntax() throws Exception {
    assertThat(PodSparkSettings.sparkMemory("4g")).isEqualTo("4g");
    assertThat(PodSparkSettings.sparkMemory("512M")).isEqualTo("512M");
    assertThat(PodSparkSettings.sparkMemory("4Gi")).isEqualTo("4g");
    assertThat(PodSparkSettings.sparkMemory("1536Mi")).isEqualTo("1536m");
    assertThatThrownBy(() -> PodSparkSettings.sparkMemory("1.5Gi"))
        .hasMessageStartingWith("\"executors.memory\" is \"1.5Gi\"");
  }
}
