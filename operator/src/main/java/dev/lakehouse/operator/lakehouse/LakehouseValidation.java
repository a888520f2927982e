package dev.lakehouse.operator.lakehouse;

import dev.lakehouse.api.common.Patterns;
import dev.lakehouse.api.lakehouse.Lakehouse;
import dev.lakehouse.api.lakehouse.LakehouseSpec;
import dev.lakehouse.api.lakehouse.TrinoSpec;
import dev.lakehouse.config.TrinoMemory;
import dev.lakehouse.operator.k8s.EventReason;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Checks what the CRD schema cannot (referenced Secrets, memory sizes) and repeats what it can,
 * since an old CRD or a server without validation may let a bad spec through.
 */
public final class LakehouseValidation {
  /** Something a person must fix, with the field or object to look at. */
  public record Problem(EventReason reason, String message) {}

  private LakehouseValidation() {}

  /**
   * The server a spec asks for against the servers that run: each keeps the tables in its own
   * volume, so the operator never replaces one with the other. SeaweedFS became the default before
   * the first release: a spec that names no server and finds the MinIO of the former default must
   * name MinIO to keep it.
   */
  public static Optional<Problem> storageServerSwap(
      Lakehouse lakehouse, boolean runsMinio, boolean runsSeaweedfs) {
    var storage = lakehouse.getSpec().storage;
    if (storage.external != null) {
      return Optional.empty();
    }
    boolean asksMinio = storage.minio != null;
    if (!asksMinio && runsMinio && storage.seaweedfs == null) {
      return invalid(
          "this Lakehouse runs MinIO, the default of an earlier operator, and SeaweedFS is the"
              + " default now: set spec.storage.minio: {} to keep the tables in MinIO");
    }
    if (!asksMinio && runsMinio) {
      return invalid(
          "this Lakehouse runs MinIO, and a SeaweedFS in its place would start without the tables:"
              + " set spec.storage.minio back, or move the data to a new Lakehouse");
    }
    if (asksMinio && runsSeaweedfs) {
      return invalid(
          "this Lakehouse runs SeaweedFS, and a MinIO in its place would start without the tables:"
              + " remove spec.storage.minio, or move the data to a new Lakehouse");
    }
    return Optional.empty();
  }

  public static Optional<Problem> validate(
      Lakehouse lakehouse, Function<String, Optional<Secret>> secrets) {
    String name = lakehouse.getMetadata().getName();
    if (name.length() > LakehouseNames.MAX_LAKEHOUSE_NAME) {
      return invalid(
          "metadata.name \""
              + name
              + "\" is longer than "
              + LakehouseNames.MAX_LAKEHOUSE_NAME
              + " characters: the Services derived from it would not be valid DNS names");
    }
    LakehouseSpec spec = lakehouse.getSpec();
    if (spec == null || spec.storage == null) {
      return invalid(
          "spec.storage is required: set storage.bucket (SeaweedFS is deployed for it unless"
              + " storage.minio or storage.external is set)");
    }
    List<Optional<Problem>> checks = new ArrayList<>();
    checks.add(storage(spec));
    checks.add(catalog(spec));
    checks.add(trino(spec.trino == null ? new TrinoSpec() : spec.trino));
    for (Optional<Problem> check : checks) {
      if (check.isPresent()) {
        return check;
      }
    }
    return referencedSecrets(spec, lakehouse.getMetadata().getNamespace(), secrets);
  }

  private static Optional<Problem> storage(LakehouseSpec spec) {
    var storage = spec.storage;
    if (storage.bucket == null || !storage.bucket.matches(Patterns.BUCKET)) {
      return invalid(
          "spec.storage.bucket \""
              + storage.bucket
              + "\" is not a valid bucket name: 3-63 lower-case letters, digits, dots and hyphens");
    }
    long servers =
        Stream.of(storage.seaweedfs, storage.minio, storage.external)
            .filter(Objects::nonNull)
            .count();
    if (servers > 1) {
      return invalid(
          "spec.storage sets more than one of seaweedfs, minio and external: choose one");
    }
    if (storage.external != null) {
      if (storage.external.endpoint == null
          || !storage.external.endpoint.matches(Patterns.HTTP_URL)) {
        return invalid(
            "spec.storage.external.endpoint must be an http:// or https:// URL, got \""
                + storage.external.endpoint
                + "\"");
      }
      if (storage.external.credentialsSecret == null
          || storage.external.credentialsSecret.name == null) {
        return invalid(
            "spec.storage.external.credentialsSecret is required: name a Secret with the"
                + " keys accessKey and secretKey (or set accessKeyKey/secretKeyKey)");
      }
    }
    return Optional.empty();
  }

  private static Optional<Problem> catalog(LakehouseSpec spec) {
    var catalog = spec.catalog;
    if (catalog == null) {
      return Optional.empty();
    }
    if (catalog.postgres != null && catalog.external != null) {
      return invalid("spec.catalog sets both postgres and external: choose one");
    }
    if (catalog.external != null) {
      if (catalog.external.jdbcUrl == null
          || !catalog.external.jdbcUrl.startsWith("jdbc:postgresql://")) {
        return invalid(
            "spec.catalog.external.jdbcUrl must start with jdbc:postgresql://, got \""
                + catalog.external.jdbcUrl
                + "\"");
      }
      if (catalog.external.credentialsSecret == null
          || catalog.external.credentialsSecret.name == null) {
        return invalid(
            "spec.catalog.external.credentialsSecret is required: name a Secret with the"
                + " keys username and password");
      }
    }
    return Optional.empty();
  }

  private static Optional<Problem> trino(TrinoSpec trino) {
    if (trino.workers != null && (trino.workers < 0 || trino.workers > 100)) {
      return invalid("spec.trino.workers must be between 0 and 100, got " + trino.workers);
    }
    Optional<Problem> workers = memory("spec.trino.resources", TrinoObjects.workerResources(trino));
    return workers.isPresent()
        ? workers
        : memory("spec.trino.coordinatorResources", TrinoObjects.coordinatorResources(trino));
  }

  private static Optional<Problem> memory(String field, ResourceRequirements resources) {
    long bytes;
    try {
      bytes = PodDefaults.memoryBytes(resources);
    } catch (IllegalArgumentException e) {
      return invalid(field + " needs a memory limit: Trino's JVM heap is derived from it");
    }
    if (bytes < TrinoMemory.MINIMUM_CONTAINER_BYTES) {
      return invalid(
          field
              + " memory is "
              + bytes / (1024 * 1024)
              + "Mi: Trino needs at least 2Gi (its heap is what the code cache and native memory"
              + " leave of the limit)");
    }
    return Optional.empty();
  }

  private static Optional<Problem> referencedSecrets(
      LakehouseSpec spec, String namespace, Function<String, Optional<Secret>> secrets) {
    if (spec.storage.external != null) {
      var ref = spec.storage.external.credentialsSecret;
      Optional<Problem> problem =
          secretHasKeys(
              "spec.storage.external.credentialsSecret",
              ref.name,
              namespace,
              secrets,
              ref.accessKeyKey,
              ref.secretKeyKey);
      if (problem.isPresent()) {
        return problem;
      }
    }
    if (spec.catalog != null && spec.catalog.external != null) {
      var ref = spec.catalog.external.credentialsSecret;
      return secretHasKeys(
          "spec.catalog.external.credentialsSecret",
          ref.name,
          namespace,
          secrets,
          ref.usernameKey,
          ref.passwordKey);
    }
    return Optional.empty();
  }

  private static Optional<Problem> secretHasKeys(
      String field,
      String name,
      String namespace,
      Function<String, Optional<Secret>> secrets,
      String... keys) {
    Optional<Secret> secret = secrets.apply(name);
    if (secret.isEmpty()) {
      return Optional.of(
          new Problem(
              EventReason.SecretNotFound,
              "Secret \""
                  + name
                  + "\" named in "
                  + field
                  + " does not exist in namespace \""
                  + namespace
                  + "\": create it with the keys "
                  + String.join(" and ", keys)));
    }
    for (String key : keys) {
      boolean present =
          (secret.get().getData() != null && secret.get().getData().containsKey(key))
              || (secret.get().getStringData() != null
                  && secret.get().getStringData().containsKey(key));
      if (!present) {
        return Optional.of(
            new Problem(
                EventReason.SecretKeyMissing,
                "Secret \"" + name + "\" named in " + field + " has no key \"" + key + "\""));
      }
    }
    return Optional.empty();
  }

  private static Optional<Problem> invalid(String message) {
    return Optional.of(new Problem(EventReason.InvalidSpec, message));
  }
}
