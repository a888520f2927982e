package dev.lakehouse.operator.lakehouse;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;

/** MinIO: a one-replica StatefulSet, its Service, and a Job that creates the bucket. */
public final class MinioObjects {
  static final long UID = 1000;

  private MinioObjects() {}

  public static Service service(LakehouseModel model) {
    return new ServiceBuilder()
        .withMetadata(model.ownedMeta(model.names().minio(), Component.MINIO))
        .withNewSpec()
        .withClusterIP("None")
        .withSelector(model.selector(Component.MINIO))
        .addNewPort()
        .withName("s3")
        .withPort(LakehouseModel.MINIO_PORT)
        .withNewTargetPort("s3")
        .endPort()
        .addNewPort()
        .withName("console")
        .withPort(LakehouseModel.MINIO_CONSOLE_PORT)
        .withNewTargetPort("console")
        .endPort()
        .endSpec()
        .build();
  }

  public static StatefulSet statefulSet(LakehouseModel model) {
    var spec = model.minio();
    var container =
        new ContainerBuilder()
            .withName("minio")
            .withImage(model.minioImage())
            .withImagePullPolicy(model.pullPolicy())
            .withArgs(
                "server",
                "/data",
                "--address",
                ":" + LakehouseModel.MINIO_PORT,
                "--console-address",
                ":" + LakehouseModel.MINIO_CONSOLE_PORT,
                "--certs-dir",
                "/tmp/certs")
            .addNewPort()
            .withName("s3")
            .withContainerPort(LakehouseModel.MINIO_PORT)
            .endPort()
            .addNewPort()
            .withName("console")
            .withContainerPort(LakehouseModel.MINIO_CONSOLE_PORT)
            .endPort()
            .addToEnv(model.s3AccessKey().asEnv("MINIO_ROOT_USER"))
            .addToEnv(model.s3SecretKey().asEnv("MINIO_ROOT_PASSWORD"))
            .addNewEnv()
            .withName("MINIO_BROWSER_REDIRECT")
            .withValue("false")
            .endEnv()
            .withResources(PodDefaults.resources(spec.resources, "250m", "512Mi", "1Gi"))
            .withSecurityContext(PodDefaults.containerSecurity())
            .withNewReadinessProbe()
            .withNewHttpGet()
            .withPath("/minio/health/ready")
            .withNewPort("s3")
            .endHttpGet()
            .withPeriodSeconds(5)
            .endReadinessProbe()
            .withNewLivenessProbe()
            .withNewHttpGet()
            .withPath("/minio/health/live")
            .withNewPort("s3")
            .endHttpGet()
            .withInitialDelaySeconds(10)
            .withPeriodSeconds(10)
            .withFailureThreshold(6)
            .endLivenessProbe()
            .addToVolumeMounts(PodDefaults.mount(SingleReplicaStatefulSet.DATA, "/data"))
            .build();
    PodDefaults.withTmp(container);

    return SingleReplicaStatefulSet.build(
        model,
        model.names().minio(),
        Component.MINIO,
        UID,
        container,
        List.of(PodDefaults.emptyDir("tmp")),
        spec.size,
        spec.storageClassName);
  }

  /** Creates the bucket once MinIO answers; idempotent, so a re-run is harmless. */
  public static Job bucketJob(LakehouseModel model) {
    String script =
        """
        set -e
        for attempt in $(seq 1 60); do
          if mc --config-dir /tmp/mc alias set lakehouse "$S3_ENDPOINT" "$S3_ACCESS_KEY" "$S3_SECRET_KEY" >/dev/null; then
            mc --config-dir /tmp/mc mb --ignore-existing "lakehouse/$BUCKET"
            exit 0
          fi
          echo "MinIO at $S3_ENDPOINT not reachable yet (attempt $attempt of 60)"
          sleep 5
        done
        echo "MinIO at $S3_ENDPOINT did not answer within 5 minutes" >&2
        exit 1
        """;
    var container =
        new ContainerBuilder()
            .withName("create-bucket")
            .withImage(model.minioClientImage())
            .withImagePullPolicy(model.pullPolicy())
            .withCommand("sh", "-c", script)
            .addNewEnv()
            .withName("S3_ENDPOINT")
            .withValue(model.s3Endpoint())
            .endEnv()
            .addNewEnv()
            .withName("BUCKET")
            .withValue(model.bucket())
            .endEnv()
            .addToEnv(model.s3AccessKey().asEnv("S3_ACCESS_KEY"))
            .addToEnv(model.s3SecretKey().asEnv("S3_SECRET_KEY"))
            .withResources(PodDefaults.resources(null, "50m", "64Mi", "128Mi"))
            .withSecurityContext(PodDefaults.containerSecurity())
            .build();
    PodDefaults.withTmp(container);
    return new JobBuilder()
        .withMetadata(model.ownedMeta(model.names().bucketJob(), Component.MINIO_BUCKET))
        .withNewSpec()
        .withBackoffLimit(4)
        // The script already waits 5 minutes for MinIO: its own failure is final. Pods lost to a
        // node (evicted, preempted) are retried without counting against the limit.
        .withNewPodFailurePolicy()
        .addNewRule()
        .withAction("FailJob")
        .withNewOnExitCodes()
        .withContainerName("create-bucket")
        .withOperator("NotIn")
        .withValues(0)
        .endOnExitCodes()
        .endRule()
        .addNewRule()
        .withAction("Ignore")
        .addNewOnPodCondition()
        .withType("DisruptionTarget")
        .withStatus("True")
        .endOnPodCondition()
        .endRule()
        .endPodFailurePolicy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(model.labels(Component.MINIO_BUCKET))
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withSecurityContext(PodDefaults.podSecurity(UID))
        .withImagePullSecrets(model.pullSecrets())
        .withContainers(container)
        .withVolumes(PodDefaults.emptyDir("tmp"))
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
