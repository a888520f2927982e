package dev.lakehouse.operator.lakehouse;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;

/** The Postgres database behind the metastore: a one-replica StatefulSet and its Service. */
public final class PostgresObjects {
  static final long UID = 999;
  static final String PGDATA = "/var/lib/postgresql/data/pgdata";

  private PostgresObjects() {}

  public static Service service(LakehouseModel model) {
    // Headless: it governs the StatefulSet, and its name resolves to the one pod.
    return new ServiceBuilder()
        .withMetadata(model.ownedMeta(model.names().postgres(), Component.POSTGRES))
        .withNewSpec()
        .withClusterIP("None")
        .withSelector(model.selector(Component.POSTGRES))
        .addNewPort()
        .withName("postgres")
        .withPort(LakehouseModel.POSTGRES_PORT)
        .withNewTargetPort("postgres")
        .endPort()
        .endSpec()
        .build();
  }

  public static StatefulSet statefulSet(LakehouseModel model) {
    var spec = model.postgres();
    var container =
        new ContainerBuilder()
            .withName("postgres")
            .withImage(model.postgresImage())
            .withImagePullPolicy(model.pullPolicy())
            .addNewPort()
            .withName("postgres")
            .withContainerPort(LakehouseModel.POSTGRES_PORT)
            .endPort()
            .addToEnv(model.dbUser().asEnv("POSTGRES_USER"))
            .addToEnv(model.dbPassword().asEnv("POSTGRES_PASSWORD"))
            .addNewEnv()
            .withName("POSTGRES_DB")
            .withValue(LakehouseModel.DATABASE)
            .endEnv()
            // A sub-folder: the volume's root may hold lost+found, which initdb refuses.
            .addNewEnv()
            .withName("PGDATA")
            .withValue(PGDATA)
            .endEnv()
            .withResources(PodDefaults.resources(spec.resources, "250m", "512Mi", "1Gi"))
            .withSecurityContext(PodDefaults.containerSecurity())
            .withNewReadinessProbe()
            .withNewExec()
            .withCommand(
                "sh",
                "-c",
                "pg_isready -h 127.0.0.1 -p 5432 -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\"")
            .endExec()
            .withPeriodSeconds(5)
            .withFailureThreshold(3)
            .endReadinessProbe()
            .withNewLivenessProbe()
            .withNewTcpSocket()
            .withNewPort("postgres")
            .endTcpSocket()
            .withInitialDelaySeconds(30)
            .withPeriodSeconds(10)
            .withFailureThreshold(6)
            .endLivenessProbe()
            .addToVolumeMounts(
                PodDefaults.mount(SingleReplicaStatefulSet.DATA, "/var/lib/postgresql/data"))
            .addToVolumeMounts(PodDefaults.mount("run", "/var/run/postgresql"))
            .build();
    PodDefaults.withTmp(container);

    return SingleReplicaStatefulSet.build(
        model,
        model.names().postgres(),
        Component.POSTGRES,
        UID,
        container,
        List.of(PodDefaults.emptyDir("run"), PodDefaults.emptyDir("tmp")),
        spec.size,
        spec.storageClassName);
  }
}
