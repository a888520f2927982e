package dev.lakehouse.operator.lakehouse;

import dev.lakehouse.config.MetastoreSettings;
import dev.lakehouse.config.MetastoreSiteRenderer;
import dev.lakehouse.operator.k8s.ContentHash;
import dev.lakehouse.operator.k8s.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hive Metastore 3.1.3 on the project's metastore image (amd64 and arm64; built from the metastore
 * module with the jar set its tests run): an init container creates the schema only when it is
 * missing, retrying while Postgres starts; the server then runs from the same configuration.
 */
public final class MetastoreObjects {
  /** The image's user (the jobs image's base: spark, 185). */
  static final long UID = 185;

  private MetastoreObjects() {}

  public static ConfigMap configMap(LakehouseModel model) {
    return new ConfigMapBuilder()
        .withMetadata(model.ownedMeta(model.names().metastore(), Component.METASTORE))
        .withData(
            Map.of("metastore-site.xml", MetastoreSiteRenderer.render(model.metastoreSettings())))
        .build();
  }

  public static Service service(LakehouseModel model) {
    return new ServiceBuilder()
        .withMetadata(model.ownedMeta(model.names().metastore(), Component.METASTORE))
        .withNewSpec()
        .withSelector(model.selector(Component.METASTORE))
        .addNewPort()
        .withName("thrift")
        .withPort(MetastoreSettings.DEFAULT_THRIFT_PORT)
        .withNewTargetPort("thrift")
        .endPort()
        .endSpec()
        .build();
  }

  public static Deployment deployment(LakehouseModel model, ConfigMap config) {
    var spec = model.metastore();
    var resources = PodDefaults.resources(spec.resources, "250m", "1Gi", "1Gi");
    long heapMiB = PodDefaults.memoryBytes(resources) * 3 / 4 / (1024 * 1024);

    String initSchema =
        """
        for attempt in $(seq 1 30); do
          if %s schema; then exit 0; fi
          echo "database not ready or schema not created (attempt $attempt of 30), retrying in 10s"
          sleep 10
        done
        exit 1
        """
            .formatted(MetastoreSettings.IMAGE_LAUNCHER);
    Container schema =
        metastoreContainer(model, "init-schema", heapMiB)
            .withCommand("sh", "-c", initSchema)
            .withResources(resources)
            .build();

    Container server =
        metastoreContainer(model, "metastore", heapMiB)
            .withCommand(MetastoreSettings.IMAGE_LAUNCHER, "serve")
            .addNewPort()
            .withName("thrift")
            .withContainerPort(MetastoreSettings.DEFAULT_THRIFT_PORT)
            .endPort()
            .withResources(resources)
            .withNewReadinessProbe()
            .withNewTcpSocket()
            .withNewPort("thrift")
            .endTcpSocket()
            .withPeriodSeconds(5)
            .endReadinessProbe()
            .withNewLivenessProbe()
            .withNewTcpSocket()
            .withNewPort("thrift")
            .endTcpSocket()
            .withInitialDelaySeconds(60)
            .withPeriodSeconds(15)
            .withFailureThreshold(4)
            .endLivenessProbe()
            .build();

    return new DeploymentBuilder()
        .withMetadata(model.ownedMeta(model.names().metastore(), Component.METASTORE))
        .withNewSpec()
        .withReplicas(spec.replicas)
        .withNewSelector()
        .withMatchLabels(model.selector(Component.METASTORE))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(model.labels(Component.METASTORE))
        .addToAnnotations(Labels.CONFIG_HASH, ContentHash.ofMap(config.getData()))
        .addToAnnotations(Labels.SECRET_HASH, model.credentialsHash())
        .endMetadata()
        .withNewSpec()
        .withSecurityContext(PodDefaults.podSecurity(UID))
        .withImagePullSecrets(model.pullSecrets())
        .withInitContainers(schema)
        .withContainers(server)
        .withVolumes(
            new VolumeBuilder()
                .withName("conf")
                .withNewConfigMap()
                .withName(config.getMetadata().getName())
                .endConfigMap()
                .build(),
            PodDefaults.emptyDir("tmp"))
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static ContainerBuilder metastoreContainer(
      LakehouseModel model, String name, long heapMiB) {
    List<EnvVar> env = new ArrayList<>();
    env.add(env("METASTORE_CONF_DIR", MetastoreSettings.IMAGE_CONF_DIR));
    env.add(env("METASTORE_JAVA_OPTS", "-Xmx" + heapMiB + "m -Djava.io.tmpdir=/tmp"));
    env.addAll(model.databaseEnv());
    env.addAll(model.s3Env());
    List<VolumeMount> mounts =
        List.of(
            PodDefaults.mount("conf", MetastoreSettings.IMAGE_CONF_DIR),
            PodDefaults.mount("tmp", "/tmp"));
    return new ContainerBuilder()
        .withName(name)
        .withImage(model.metastoreImage())
        .withImagePullPolicy(model.pullPolicy())
        .withEnv(env)
        .withVolumeMounts(mounts)
        .withSecurityContext(PodDefaults.containerSecurity());
  }

  private static EnvVar env(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }
}
