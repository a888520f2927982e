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
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hive Metastore 3.1.3 on the upstream image, with its three known traps handled: the schema is
 * initialised by an init container only when missing (the image's entrypoint would re-run it on
 * every start), a current Postgres driver shadows the bundled 9.4 one (which cannot log in with
 * SCRAM), and the S3 jars are put on the classpath (the image ships them outside it). Both jar sets
 * come from the project's jobs image, copied by an init container.
 */
public final class MetastoreObjects {
  static final long UID = 1000;
  static final String CONF_DIR = "/etc/hive-conf";

  /** Where the jobs image keeps the jars the metastore needs. */
  public static final String JOBS_IMAGE_LIB_DIR = "/opt/lakehouse/metastore-lib";

  /** The driver's file name in that folder; mounted where it sorts before the bundled driver. */
  public static final String POSTGRES_DRIVER_JAR = "postgresql.jar";

  /** bin/hive puts every jar of auxlib on the classpath. */
  static final String AUX_LIB = "/opt/hive/auxlib";

  static final String DRIVER_TARGET = "/opt/hive/lib/0-postgresql.jar";

  private MetastoreObjects() {}

  public static ConfigMap configMap(LakehouseModel model) {
    String site = MetastoreSiteRenderer.render(model.metastoreSettings());
    // hive-site.xml too: schematool reads HiveConf, the server reads MetastoreConf. Sorted: the
    // applied-object hash follows iteration order, and Map.of's changes from one JVM to the next,
    // so a restarted operator rewrote the ConfigMap.
    return new ConfigMapBuilder()
        .withMetadata(model.ownedMeta(model.names().metastore(), Component.METASTORE))
        .withData(new TreeMap<>(Map.of("metastore-site.xml", site, "hive-site.xml", site)))
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

    Container copyLibs =
        PodDefaults.withTmp(
            new ContainerBuilder()
                .withName("copy-libs")
                .withImage(model.jobsImage())
                .withImagePullPolicy(model.pullPolicy())
                .withCommand("sh", "-c", "cp " + JOBS_IMAGE_LIB_DIR + "/*.jar " + AUX_LIB + "/")
                .withVolumeMounts(PodDefaults.mount("extra-lib", AUX_LIB))
                .withResources(PodDefaults.resources(null, "50m", "64Mi", "128Mi"))
                .withSecurityContext(PodDefaults.containerSecurity())
                .build());

    String initSchema =
        """
        for attempt in $(seq 1 30); do
          if /opt/hive/bin/schematool -dbType postgres -info; then
            echo "metastore schema present"; exit 0
          fi
          if /opt/hive/bin/schematool -dbType postgres -initSchema; then
            echo "metastore schema created"; exit 0
          fi
          echo "database not ready or schema not created (attempt $attempt of 30), retrying in 10s"
          sleep 10
        done
        exit 1
        """;
    Container schema =
        hiveContainer(model, "init-schema", heapMiB)
            .withCommand("sh", "-c", initSchema)
            .withResources(resources)
            .build();

    Container server =
        hiveContainer(model, "metastore", heapMiB)
            .withCommand(
                "/opt/hive/bin/hive",
                "--skiphadoopversion",
                "--skiphbasecp",
                "--service",
                "metastore")
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
        .withInitContainers(copyLibs, schema)
        .withContainers(server)
        .withVolumes(
            new VolumeBuilder()
                .withName("conf")
                .withNewConfigMap()
                .withName(config.getMetadata().getName())
                .endConfigMap()
                .build(),
            PodDefaults.emptyDir("extra-lib"),
            PodDefaults.emptyDir("tmp"))
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static ContainerBuilder hiveContainer(LakehouseModel model, String name, long heapMiB) {
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVarBuilder().withName("HIVE_CONF_DIR").withValue(CONF_DIR).build());
    env.add(
        new EnvVarBuilder()
            .withName("METASTORE_PORT")
            .withValue(Integer.toString(MetastoreSettings.DEFAULT_THRIFT_PORT))
            .build());
    env.add(
        new EnvVarBuilder()
            .withName("HADOOP_CLIENT_OPTS")
            .withValue("-Xmx" + heapMiB + "m")
            .build());
    env.addAll(model.databaseEnv());
    env.addAll(model.s3Env());
    List<VolumeMount> mounts =
        List.of(
            PodDefaults.mount("conf", CONF_DIR),
            PodDefaults.mount("extra-lib", AUX_LIB),
            // The driver goes into lib under a name that sorts before postgresql-9.4.*.jar.
            new VolumeMountBuilder()
                .withName("extra-lib")
                .withMountPath(DRIVER_TARGET)
                .withSubPath(POSTGRES_DRIVER_JAR)
                .withReadOnly(true)
                .build(),
            PodDefaults.mount("tmp", "/tmp"));
    return new ContainerBuilder()
        .withName(name)
        .withImage(model.metastoreImage())
        .withImagePullPolicy(model.pullPolicy())
        .withEnv(env)
        .withVolumeMounts(mounts)
        .withSecurityContext(PodDefaults.containerSecurity());
  }
}
