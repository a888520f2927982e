package dev.lakehouse.jobs.pod;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.api.job.JobConfig;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The pod template Spark starts executor pods from (spark.kubernetes.executor.podTemplateFile): the
 * same defaults as every other pod of the lakehouse, so they are admitted under Pod Security
 * "restricted": not root (the image's spark user), no privilege escalation, no capabilities, the
 * runtime's seccomp profile, a read-only root file system with an emptyDir for /tmp, no API token
 * (executors never call the API server), and the Lakehouse's pull secrets. Spark adds the image,
 * resources, environment, labels and the owner reference.
 */
public final class ExecutorPodTemplate {
  /** The container Spark fills in; named in spark.kubernetes.executor.podTemplateContainerName. */
  public static final String CONTAINER = "executor";

  /** The jobs image's user (Spark's official image: spark, 185). */
  static final long SPARK_UID = 185L;

  private ExecutorPodTemplate() {}

  public static Pod of(JobConfig.Executors executors) {
    List<LocalObjectReference> pullSecrets =
        Optional.ofNullable(executors.imagePullSecrets).orElse(List.of()).stream()
            .map(LocalObjectReference::new)
            .toList();
    return new PodBuilder()
        .withNewMetadata()
        .endMetadata()
        .withNewSpec()
        .withAutomountServiceAccountToken(false)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(SPARK_UID)
        .withRunAsGroup(SPARK_UID)
        .withFsGroup(SPARK_UID)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .withImagePullSecrets(pullSecrets)
        .addNewContainer()
        .withName(CONTAINER)
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .addNewVolumeMount()
        .withName("tmp")
        .withMountPath("/tmp")
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("tmp")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .endSpec()
        .build();
  }

  /** Writes the template where the driver may write (its /tmp), as JSON, which Spark reads. */
  public static Path write(JobConfig.Executors executors) throws IOException {
    Path file = Files.createTempFile("executor-pod-", ".json");
    Files.writeString(file, new ObjectMapper().writeValueAsString(of(executors)));
    return file;
  }
}
