package dev.lakehouse.operator.lakehouse;

import dev.lakehouse.config.SeaweedfsCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;

/**
 * SeaweedFS: a one-replica StatefulSet running {@code weed mini} on the data volume, and its
 * Service, which exposes only the S3 port. Mini creates the bucket itself at start, and the pod is
 * started only once it exists, so no bucket Job is needed.
 */
public final class SeaweedfsObjects {
  /** The image's seaweed user, which owns /data in it. */
  static final long UID = 1000;

  static final String DATA_DIR = "/data";

  private SeaweedfsObjects() {}

  /** The server's arguments in the pod: every server on the pod's addresses, default ports. */
  public static SeaweedfsCommand command(LakehouseModel model) {
    return new SeaweedfsCommand(
        DATA_DIR, "0.0.0.0", SeaweedfsCommand.Ports.defaults(), model.bucket());
  }

  public static Service service(LakehouseModel model) {
    return new ServiceBuilder()
        .withMetadata(model.ownedMeta(model.names().seaweedfs(), Component.SEAWEEDFS))
        .withNewSpec()
        .withClusterIP("None")
        .withSelector(model.selector(Component.SEAWEEDFS))
        .addNewPort()
        .withName("s3")
        .withPort(LakehouseModel.SEAWEEDFS_S3_PORT)
        .withNewTargetPort("s3")
        .endPort()
        .endSpec()
        .build();
  }

  public static StatefulSet statefulSet(LakehouseModel model) {
    var spec = model.seaweedfs();
    String internal = model.names().seaweedfsSecret();
    var builder =
        new ContainerBuilder()
            .withName("seaweedfs")
            .withImage(model.seaweedfsImage())
            .withImagePullPolicy(model.pullPolicy())
            // The image's entry point would switch users as root; the pod starts as seaweed.
            .withCommand("weed")
            .withArgs(command(model).args())
            .addNewPort()
            .withName("s3")
            .withContainerPort(LakehouseModel.SEAWEEDFS_S3_PORT)
            .endPort()
            .addToEnv(model.s3AccessKey().asEnv(SeaweedfsCommand.ACCESS_KEY_ENV))
            .addToEnv(model.s3SecretKey().asEnv(SeaweedfsCommand.SECRET_KEY_ENV));
    for (String env : SeaweedfsCommand.SIGNING_KEY_ENVS) {
      builder.addToEnv(new SecretKey(internal, env).asEnv(env));
    }
    builder.addToEnv(
        new SecretKey(internal, SeaweedfsCommand.ADMIN_PASSWORD_ENV)
            .asEnv(SeaweedfsCommand.ADMIN_PASSWORD_ENV));
    Container container =
        builder
            .withResources(PodDefaults.resources(spec.resources, "250m", "512Mi", "1Gi"))
            .withSecurityContext(PodDefaults.containerSecurity())
            // Started once the bucket exists, which mini creates after its gateway is up.
            .withNewStartupProbe()
            .withNewExec()
            .withCommand(command(model).bucketCheck("weed"))
            .endExec()
            .withPeriodSeconds(2)
            .withTimeoutSeconds(10)
            .withFailureThreshold(90)
            .endStartupProbe()
            .withNewReadinessProbe()
            .withNewHttpGet()
            .withPath("/healthz")
            .withNewPort("s3")
            .endHttpGet()
            .withPeriodSeconds(5)
            .endReadinessProbe()
            .withNewLivenessProbe()
            .withNewHttpGet()
            .withPath("/healthz")
            .withNewPort("s3")
            .endHttpGet()
            .withPeriodSeconds(10)
            .withFailureThreshold(6)
            .endLivenessProbe()
            .addToVolumeMounts(PodDefaults.mount(SingleReplicaStatefulSet.DATA, DATA_DIR))
            .build();
    PodDefaults.withTmp(container);

    return SingleReplicaStatefulSet.build(
        model,
        model.names().seaweedfs(),
        Component.SEAWEEDFS,
        UID,
        container,
        List.of(PodDefaults.emptyDir("tmp")),
        spec.size,
        spec.storageClassName);
  }
}
