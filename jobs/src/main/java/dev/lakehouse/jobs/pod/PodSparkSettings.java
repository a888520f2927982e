package dev.lakehouse.jobs.pod;

import dev.lakehouse.api.job.JobConfig;
import dev.lakehouse.jobs.engine.SparkSettings;
import dev.lakehouse.jobs.engine.Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Spark configuration of a job pod: the Lakehouse's metastore and bucket, S3 credentials from
 * the environment (never from the job file), Spark in the pod or on Kubernetes, then the
 * Lakehouse's and the run's sparkConf over all of it.
 */
public final class PodSparkSettings {
  /** Fixed so the executors reach the driver at the pod's IP without a Service in between. */
  public static final int DRIVER_PORT = 7078;

  public static final int BLOCK_MANAGER_PORT = 7079;

  /**
   * Spark appends "-exec-" and an executor id (up to 10 digits) to the prefix; at 47 characters the
   * pod name still fits a 63-character DNS label, which is also the pod's hostname.
   */
  static final int MAX_POD_NAME_PREFIX = 47;

  private static final Pattern SPARK_MEMORY = Pattern.compile("(?i)\\d+[kmgtp]?b?");
  private static final Pattern CREDENTIAL_KEY =
      Pattern.compile("(?i)(access\\.key|secret\\.key|session\\.token|password)$");
  private static final Pattern BINARY_QUANTITY = Pattern.compile("(\\d+)(Ki|Mi|Gi|Ti|Pi)");

  private PodSparkSettings() {}

  public static SparkSettings of(JobConfig config, Map<String, String> env)
      throws JobConfigException {
    JobConfig.Storage storage = config.storage;
    var settings =
        new SparkSettings(config.executors == null ? localMaster(config) : kubernetesMaster(env))
            .hiveMetastore(config.metastoreUri, Storage.s3(storage.bucket).warehouse())
            .s3(
                storage.endpoint,
                Boolean.TRUE.equals(storage.pathStyleAccess),
                requireEnv(env, JobConfig.S3_ACCESS_KEY_ENV, "the S3 access key"),
                requireEnv(env, JobConfig.S3_SECRET_KEY_ENV, "the S3 secret key"));
    Map<String, String> conf = new LinkedHashMap<>();
    if (storage.region != null && !storage.region.isBlank()) {
      conf.put("spark.hadoop.fs.s3a.endpoint.region", storage.region);
    }
    if (config.executors != null) {
      conf.putAll(kubernetes(config, env));
    }
    refuseCredentials(config.sparkConf);
    return settings.with(conf).with(config.sparkConf);
  }

  /** As many task threads as the pod has cores; a job file from before localCores: all of them. */
  static String localMaster(JobConfig config) {
    return config.localCores == null ? "local[*]" : "local[" + config.localCores + "]";
  }

  /**
   * sparkConf comes from the Lakehouse and IngestionRun specs, which anyone who may read them sees:
   * credentials belong in the Lakehouse's Secrets, which reach the pod as environment variables.
   */
  private static void refuseCredentials(Map<String, String> sparkConf) throws JobConfigException {
    if (sparkConf == null) {
      return;
    }
    for (String key : sparkConf.keySet()) {
      if (CREDENTIAL_KEY.matcher(key).find()) {
        throw new JobConfigException(
            "sparkConf must not carry credentials ("
                + key
                + "): they come from the Lakehouse's storage Secret");
      }
    }
  }

  /** Client mode: the driver is this pod, and it starts the executor pods itself. */
  private static Map<String, String> kubernetes(JobConfig config, Map<String, String> env)
      throws JobConfigException {
    JobConfig.Executors executors = config.executors;
    String namespace =
        config.namespace != null && !config.namespace.isBlank()
            ? config.namespace
            : requireEnv(env, JobConfig.POD_NAMESPACE_ENV, "the namespace (or set namespace)");
    String podName = requireEnv(env, JobConfig.POD_NAME_ENV, "this pod's name");
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.kubernetes.namespace", namespace);
    conf.put("spark.kubernetes.container.image", executors.image);
    if (executors.imagePullPolicy != null) {
      conf.put("spark.kubernetes.container.image.pullPolicy", executors.imagePullPolicy);
    }
    // Owned by the driver pod, the executor pods are garbage-collected with it.
    conf.put("spark.kubernetes.driver.pod.name", podName);
    conf.put(
        "spark.kubernetes.executor.podNamePrefix",
        executorPodNamePrefix(config.runName != null ? config.runName : podName, podName));
    conf.put("spark.driver.host", requireEnv(env, JobConfig.POD_IP_ENV, "this pod's IP"));
    conf.put("spark.driver.bindAddress", "0.0.0.0");
    conf.put("spark.driver.port", Integer.toString(DRIVER_PORT));
    conf.put("spark.blockManager.port", Integer.toString(BLOCK_MANAGER_PORT));
    conf.put("spark.executor.instances", executors.instances.toString());
    if (executors.cores != null) {
      conf.put("spark.executor.cores", executors.cores.toString());
    }
    if (executors.memory != null) {
      conf.put("spark.executor.memory", sparkMemory(executors.memory));
    }
    if (executors.serviceAccount != null) {
      // The driver key only matters in cluster mode; set for whoever reads the conf back.
      conf.put("spark.kubernetes.authenticate.driver.serviceAccountName", executors.serviceAccount);
      conf.put(
          "spark.kubernetes.authenticate.executor.serviceAccountName", executors.serviceAccount);
    }
    if (executors.labels != null) {
      executors.labels.forEach((k, v) -> conf.put("spark.kubernetes.executor.label." + k, v));
    }
    try {
      conf.put(
          "spark.kubernetes.executor.podTemplateFile",
          ExecutorPodTemplate.write(executors).toString());
    } catch (IOException e) {
      throw new JobConfigException("cannot write the executor pod template: " + e.getMessage());
    }
    conf.put("spark.kubernetes.executor.podTemplateContainerName", ExecutorPodTemplate.CONTAINER);
    // The run's account may manage pods and nothing else (JobConfig.Executors.DRIVER_POD_VERBS):
    // executors get their configuration over Spark's RPC, and no volume claims are made.
    conf.put("spark.kubernetes.executor.disableConfigMap", "true");
    conf.put("spark.kubernetes.driver.ownPersistentVolumeClaim", "false");
    conf.put("spark.kubernetes.driver.reusePersistentVolumeClaim", "false");
    // The API token and CA are not set here: in a pod the fabric8 client configures itself from
    // the mounted service account, and re-reads the token when it rotates.
    return conf;
  }

  static String kubernetesMaster(Map<String, String> env) throws JobConfigException {
    String host = requireEnv(env, "KUBERNETES_SERVICE_HOST", "the Kubernetes API (not in a pod?)");
    String port = env.getOrDefault("KUBERNETES_SERVICE_PORT", "443").strip();
    if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]"; // an IPv6 address
    }
    return "k8s://https://" + host + ":" + (port.isEmpty() ? "443" : port);
  }

  /**
   * A DNS label from the run's name, cut to leave room for Spark's suffix, with a hash of the pod
   * name: a retried Job's new driver must not collide with executor pods of the previous attempt
   * that are still terminating.
   */
  static String executorPodNamePrefix(String runName, String podName) {
    String base =
        runName
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9-]+", "-")
            .replaceAll("-{2,}", "-")
            .replaceAll("^-+|-+$", "");
    String suffix = sha256(podName).substring(0, 6);
    int room = MAX_POD_NAME_PREFIX - suffix.length() - 1;
    if (base.length() > room) {
      base = base.substring(0, room).replaceAll("-+$", "");
    }
    return (base.isEmpty() ? "lakehouse" : base) + "-" + suffix;
  }

  /** Spark's memory syntax; Kubernetes binary quantities (2Gi) are converted, others refused. */
  static String sparkMemory(String value) throws JobConfigException {
    String text = value.strip();
    if (SPARK_MEMORY.matcher(text).matches()) {
      return text;
    }
    Matcher quantity = BINARY_QUANTITY.matcher(text);
    if (quantity.matches()) {
      return quantity.group(1) + quantity.group(2).substring(0, 1).toLowerCase(Locale.ROOT);
    }
    throw new JobConfigException(
        "\"executors.memory\" is \""
            + value
            + "\": expected Spark's memory syntax (512m, 4g) or a binary quantity (4Gi)");
  }

  private static String requireEnv(Map<String, String> env, String name, String what)
      throws JobConfigException {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new JobConfigException("environment variable " + name + " (" + what + ") is not set");
    }
    return value.strip();
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
