package dev.lakehouse.operator.pods;

import dev.lakehouse.api.dataset.DatasetSpec;
import dev.lakehouse.api.job.JobConfig;
import dev.lakehouse.operator.lakehouse.LakehouseModel;
import dev.lakehouse.operator.lakehouse.PodDefaults;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A run-to-completion pod of the jobs image: the Job that runs an ingestion or drops a table, and
 * the ConfigMap with the {@link JobConfig} it reads. The Job never retries by itself ({@code
 * backoffLimit: 0}): the operator decides, per failure class, whether another attempt starts.
 */
public record JobsImagePod(
    LakehouseModel lakehouse,
    String image,
    ResourceRequirements resources,
    String serviceAccount,
    String configMap,
    Map<String, String> podLabels) {

  /** The user the Spark images run as. */
  public static final long SPARK_UID = 185;

  public static final String CONTAINER = "job";

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  /** Default driver resources when neither the run nor the Lakehouse sets them. */
  public static ResourceRequirements resourcesOr(ResourceRequirements requested) {
    return PodDefaults.resources(requested, "1", "2Gi", "2Gi");
  }

  /** The parts of a job configuration every task shares: where the lakehouse's data is. */
  public static JobConfig baseConfig(
      LakehouseModel lakehouse, JobConfig.Task task, String datasetName, DatasetSpec dataset) {
    var config = new JobConfig();
    config.task = task;
    config.namespace = lakehouse.namespace();
    config.datasetName = datasetName;
    config.dataset = dataset;
    var s3 = lakehouse.s3Settings();
    var storage = new JobConfig.Storage();
    storage.endpoint = s3.endpoint();
    storage.region = s3.region();
    storage.pathStyleAccess = s3.pathStyleAccess();
    storage.bucket = lakehouse.bucket();
    config.storage = storage;
    config.metastoreUri = lakehouse.metastoreUri();
    return config;
  }

  public static ConfigMap configMap(ObjectMeta meta, JobConfig config) {
    return new ConfigMapBuilder()
        .withMetadata(meta)
        .addToData(JobConfig.FILE_NAME, JSON.asJson(config))
        .withImmutable(true)
        .build();
  }

  public Job job(ObjectMeta meta) {
    var container =
        new ContainerBuilder()
            .withName(CONTAINER)
            .withImage(image)
            .withImagePullPolicy(lakehouse.pullPolicy())
            .withArgs(
                JobConfig.LAUNCHER,
                "job",
                "--config",
                JobConfig.MOUNT_DIR + "/" + JobConfig.FILE_NAME)
            .withEnv(env())
            .withResources(resources)
            .withVolumeMounts(
                new VolumeMountBuilder()
                    .withName("job-config")
                    .withMountPath(JobConfig.MOUNT_DIR)
                    .withReadOnly(true)
                    .build(),
                PodDefaults.mount("tmp", "/tmp"))
            .withSecurityContext(PodDefaults.containerSecurity())
            // The job writes a one-line reason to the termination log; a pod that dies before
            // it can gets its log's tail instead.
            .withTerminationMessagePolicy("FallbackToLogsOnError")
            .build();
    return new JobBuilder()
        .withMetadata(meta)
        .withNewSpec()
        .withBackoffLimit(0)
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(podLabels)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withServiceAccountName(serviceAccount)
        .withSecurityContext(PodDefaults.podSecurity(SPARK_UID))
        .withImagePullSecrets(lakehouse.pullSecrets())
        .withContainers(container)
        .withVolumes(
            new VolumeBuilder()
                .withName("job-config")
                .withNewConfigMap()
                .withName(configMap)
                .endConfigMap()
                .build(),
            PodDefaults.emptyDir("tmp"))
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private List<EnvVar> env() {
    List<EnvVar> env = new ArrayList<>(lakehouse.s3Env());
    env.add(fieldRef(JobConfig.POD_NAME_ENV, "metadata.name"));
    env.add(fieldRef(JobConfig.POD_NAMESPACE_ENV, "metadata.namespace"));
    env.add(fieldRef(JobConfig.POD_IP_ENV, "status.podIP"));
    // The heap follows the container's memory limit; an exhausted heap ends the pod with exit
    // code 3 (an infrastructure failure) instead of leaving it hanging.
    env.add(
        new EnvVarBuilder()
            .withName("JAVA_TOOL_OPTIONS")
            .withValue("-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError")
            .build());
    return env;
  }

  private static EnvVar fieldRef(String name, String path) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewFieldRef()
        .withFieldPath(path)
        .endFieldRef()
        .endValueFrom()
        .build();
  }
}
