package dev.lakehouse.operator.lakehouse;

import dev.lakehouse.api.common.ConditionTypes;
import dev.lakehouse.api.common.Conditions;
import dev.lakehouse.api.lakehouse.LakehouseStatus;
import dev.lakehouse.operator.k8s.Readiness;
import dev.lakehouse.operator.k8s.Readiness.JobOutcome;
import dev.lakehouse.operator.k8s.Readiness.Replicas;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Computes a Lakehouse's status from the readiness of its workloads. */
public final class LakehouseStatusCalculator {
  public static final String PHASE_PROVISIONING = "Provisioning";
  public static final String PHASE_READY = "Ready";
  public static final String PHASE_DEGRADED = "Degraded";
  public static final String PHASE_INVALID = "Invalid";

  /** The state of one component, as a condition says it. */
  record ComponentState(String type, boolean ready, String reason, String message) {}

  private LakehouseStatusCalculator() {}

  /**
   * @param applyFailures the objects the API server refused in this reconcile, with its reasons
   */
  public static LakehouseStatus compute(
      LakehouseModel model,
      ObservedLakehouse observed,
      LakehouseStatus previous,
      List<String> applyFailures,
      Clock clock) {
    long generation = model.lakehouse().getMetadata().getGeneration();
    List<ComponentState> components =
        List.of(
            applied(applyFailures),
            storage(model, observed),
            catalog(model, observed),
            metastore(observed),
            trino(model, observed));

    LakehouseStatus status = copyOf(previous);
    List<Condition> conditions = status.conditions;
    List<String> waiting = new ArrayList<>();
    for (ComponentState c : components) {
      conditions =
          Conditions.set(
              conditions, c.type(), c.ready(), c.reason(), c.message(), generation, clock);
      if (!c.ready()) {
        waiting.add(c.type().replace("Ready", "") + " (" + c.message() + ")");
      }
    }
    boolean ready = waiting.isEmpty();
    conditions =
        Conditions.set(
            conditions,
            ConditionTypes.READY,
            ready,
            ready ? "AllComponentsReady" : "ComponentsNotReady",
            ready
                ? "S3 storage, Postgres, Hive Metastore and Trino are ready"
                : "waiting for " + String.join("; ", waiting),
            generation,
            clock);
    status.conditions = conditions;
    status.observedGeneration = generation;
    status.phase = phase(ready, previous);
    status.trinoWorkers =
        observed
            .trinoWorkers()
            .map(Readiness::of)
            .map(r -> r.ready() + "/" + r.desired())
            .orElse("0/" + model.trino().workers);
    status.endpoints = endpoints(model);
    status.credentials = credentials(model);
    return status;
  }

  /** The status of a spec the operator refuses to act on. */
  public static LakehouseStatus invalid(
      LakehouseStatus previous, String reason, String message, long generation, Clock clock) {
    LakehouseStatus status = copyOf(previous);
    status.conditions =
        Conditions.set(
            status.conditions, ConditionTypes.READY, false, reason, message, generation, clock);
    status.phase = PHASE_INVALID;
    // observedGeneration stays: this generation was not acted on.
    return status;
  }

  private static String phase(boolean ready, LakehouseStatus previous) {
    if (ready) {
      return PHASE_READY;
    }
    String before = previous == null ? null : previous.phase;
    return PHASE_READY.equals(before) || PHASE_DEGRADED.equals(before)
        ? PHASE_DEGRADED
        : PHASE_PROVISIONING;
  }

  private static ComponentState applied(List<String> failures) {
    return failures.isEmpty()
        ? new ComponentState(
            ConditionTypes.APPLIED, true, "Applied", "every object matches the spec")
        : new ComponentState(
            ConditionTypes.APPLIED,
            false,
            "ApplyFailed",
            "the API server refused " + String.join("; ", failures));
  }

  private static ComponentState storage(LakehouseModel model, ObservedLakehouse observed) {
    String type = ConditionTypes.STORAGE_READY;
    switch (model.storageServer()) {
      case EXTERNAL -> {
        return new ComponentState(
            type,
            true,
            "ExternalEndpoint",
            "using the external S3 endpoint " + model.s3Endpoint() + ", bucket " + model.bucket());
      }
      case SEAWEEDFS -> {
        Optional<Replicas> seaweedfs = observed.seaweedfs().map(Readiness::of);
        return seaweedfs.isPresent() && seaweedfs.get().isReady()
            ? new ComponentState(
                type,
                true,
                "SeaweedfsReady",
                "SeaweedFS is ready and serves bucket " + model.bucket())
            : new ComponentState(
                type,
                false,
                "SeaweedfsNotReady",
                "SeaweedFS " + seaweedfs.map(Replicas::describe).orElse("not created yet"));
      }
      case MINIO -> {
        return minio(model, observed);
      }
    }
    throw new IllegalStateException("unknown storage server " + model.storageServer());
  }

  private static ComponentState minio(LakehouseModel model, ObservedLakehouse observed) {
    String type = ConditionTypes.STORAGE_READY;
    Optional<Replicas> minio = observed.minio().map(Readiness::of);
    if (minio.isEmpty() || !minio.get().isReady()) {
      return new ComponentState(
          type,
          false,
          "MinioNotReady",
          "MinIO " + minio.map(Replicas::describe).orElse("not created yet"));
    }
    JobOutcome bucket = observed.bucketJob().map(Readiness::of).orElse(JobOutcome.RUNNING);
    return switch (bucket) {
      case SUCCEEDED ->
          new ComponentState(
              type, true, "MinioReady", "MinIO is ready and bucket " + model.bucket() + " exists");
      case FAILED ->
          new ComponentState(
              type,
              false,
              "BucketCreationFailed",
              "the Job "
                  + model.names().bucketJob()
                  + " could not create bucket "
                  + model.bucket()
                  + ": see kubectl logs job/"
                  + model.names().bucketJob());
      case RUNNING ->
          new ComponentState(
              type,
              false,
              "BucketPending",
              "MinIO is ready, bucket " + model.bucket() + " is being created");
    };
  }

  private static ComponentState catalog(LakehouseModel model, ObservedLakehouse observed) {
    String type = ConditionTypes.CATALOG_READY;
    if (!model.deploysPostgres()) {
      return new ComponentState(
          type,
          true,
          "ExternalDatabase",
          "using the external database " + model.jdbcUrl().replaceAll("\\?.*", ""));
    }
    Optional<Replicas> postgres = observed.postgres().map(Readiness::of);
    boolean ready = postgres.map(Replicas::isReady).orElse(false);
    return new ComponentState(
        type,
        ready,
        ready ? "PostgresReady" : "PostgresNotReady",
        "Postgres " + postgres.map(Replicas::describe).orElse("not created yet"));
  }

  private static ComponentState metastore(ObservedLakehouse observed) {
    Optional<Replicas> metastore = observed.metastore().map(Readiness::of);
    boolean ready = metastore.map(Replicas::isReady).orElse(false);
    return new ComponentState(
        ConditionTypes.METASTORE_READY,
        ready,
        ready ? "MetastoreReady" : "MetastoreNotReady",
        "Hive Metastore " + metastore.map(Replicas::describe).orElse("not created yet"));
  }

  private static ComponentState trino(LakehouseModel model, ObservedLakehouse observed) {
    Optional<Replicas> coordinator = observed.trinoCoordinator().map(Readiness::of);
    Optional<Replicas> workers = observed.trinoWorkers().map(Readiness::of);
    boolean ready =
        coordinator.map(Replicas::isReady).orElse(false)
            && workers.map(Replicas::isReady).orElse(false);
    String message =
        "coordinator "
            + coordinator.map(Replicas::describe).orElse("not created yet")
            + ", workers "
            + workers.map(Replicas::describe).orElse("not created yet");
    return new ComponentState(
        ConditionTypes.TRINO_READY,
        ready,
        ready ? "TrinoReady" : "TrinoNotReady",
        "Trino " + message);
  }

  private static LakehouseStatus.Endpoints endpoints(LakehouseModel model) {
    var endpoints = new LakehouseStatus.Endpoints();
    endpoints.s3 = model.s3Endpoint();
    endpoints.bucket = model.bucket();
    endpoints.metastore = model.metastoreUri();
    endpoints.trino = model.trinoUrl();
    endpoints.trinoJdbc = model.trinoJdbcUrl();
    return endpoints;
  }

  private static LakehouseStatus.CredentialSecrets credentials(LakehouseModel model) {
    var secrets = new LakehouseStatus.CredentialSecrets();
    secrets.storage = model.s3AccessKey().secretName();
    secrets.catalog = model.dbPassword().secretName();
    secrets.trino = model.trinoSharedSecret().secretName();
    return secrets;
  }

  private static LakehouseStatus copyOf(LakehouseStatus previous) {
    LakehouseStatus status = new LakehouseStatus();
    if (previous != null) {
      status.observedGeneration = previous.observedGeneration;
      status.phase = previous.phase;
      status.conditions = previous.conditions;
      status.trinoWorkers = previous.trinoWorkers;
      status.endpoints = previous.endpoints;
      status.credentials = previous.credentials;
    }
    return status;
  }
}
