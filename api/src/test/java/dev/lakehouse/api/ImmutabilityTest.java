package dev.lakehouse.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The transition rules: what may change on an existing Dataset or IngestionRun. */
class ImmutabilityTest {
  static final String RUN_IMMUTABLE = "an IngestionRun's spec cannot change after creation";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * An update from {@code old} to {@code updated}; {@code expected} is null when it is accepted.
   */
  record UpdateCase(
      String name, Map<String, Object> old, Map<String, Object> updated, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<UpdateCase> cases() {
    Map<String, Object> bronze = example("raygun/datasets.yaml", "raygun-errors");
    Map<String, Object> gold = example("raygun/datasets.yaml", "requests-by-ip");
    Map<String, Object> run = example("raygun/run.yaml", "raygun-errors-1");
    Map<String, Object> fullRun =
        with(
            run,
            Map.of(
                "retries", Map.of("infrastructure", 3, "application", 1),
                "executors", 2,
                "resources", Map.of("requests", Map.of("cpu", "1", "memory", "2Gi")),
                "executorResources", Map.of("requests", Map.of("cpu", "2", "memory", "4Gi")),
                "sparkConf", Map.of("spark.sql.shuffle.partitions", "16"),
                "image", "registry.example/lakehouse-jobs:0.1.0"));
    List<UpdateCase> cases = new ArrayList<>();
    cases.add(
        change(
            "dataset table name",
            bronze,
            Map.of("table", Map.of("schema", "bronze", "name", "raygun")),
            "spec.table is immutable"));
    cases.add(
        change(
            "dataset table schema",
            bronze,
            Map.of("table", Map.of("schema", "raw", "name", "raygun_errors")),
            "spec.table is immutable"));
    cases.add(change("dataset layer", gold, Map.of("layer", "silver"), "spec.layer is immutable"));
    cases.add(
        change(
            "dataset lakehouse",
            bronze,
            Map.of("lakehouse", "analytics"),
            "spec.lakehouse is immutable"));
    cases.add(accept("dataset unchanged", bronze, bronze));
    cases.add(
        accept(
            "dataset expectations, schedule and write mode",
            bronze,
            with(
                bronze,
                Map.of(
                    "expectations", List.of(),
                    "schedule", Map.of("cron", "*/30 * * * *"),
                    "write", Map.of("mode", "overwrite")))));

    cases.add(change("run dataset", run, Map.of("dataset", "requests-by-ip"), RUN_IMMUTABLE));
    cases.add(change("run batchSize", run, Map.of("batchSize", 1000), RUN_IMMUTABLE));
    cases.add(
        change("run batchSize back to its default", run, Map.of("batchSize", 5000), RUN_IMMUTABLE));
    cases.add(change("run mode", run, Map.of("mode", "full"), RUN_IMMUTABLE));
    cases.add(change("run timeout", run, Map.of("timeout", "1h"), RUN_IMMUTABLE));
    cases.add(
        change(
            "run retries", fullRun, Map.of("retries", Map.of("infrastructure", 5)), RUN_IMMUTABLE));
    cases.add(change("run executors", fullRun, Map.of("executors", 4), RUN_IMMUTABLE));
    cases.add(
        change(
            "run resources",
            fullRun,
            Map.of("resources", Map.of("requests", Map.of("cpu", "2"))),
            RUN_IMMUTABLE));
    cases.add(
        change(
            "run executorResources",
            fullRun,
            Map.of("executorResources", Map.of("limits", Map.of("memory", "8Gi"))),
            RUN_IMMUTABLE));
    cases.add(
        change(
            "run sparkConf",
            fullRun,
            Map.of("sparkConf", Map.of("spark.sql.shuffle.partitions", "64")),
            RUN_IMMUTABLE));
    cases.add(
        change(
            "run image",
            fullRun,
            Map.of("image", "registry.example/lakehouse-jobs:0.2.0"),
            RUN_IMMUTABLE));
    cases.add(
        change(
            "run resources added",
            run,
            Map.of("resources", Map.of("limits", Map.of("memory", "4Gi"))),
            RUN_IMMUTABLE));
    cases.add(
        change(
            "run executorResources added",
            run,
            Map.of("executorResources", Map.of("limits", Map.of("memory", "4Gi"))),
            RUN_IMMUTABLE));
    cases.add(
        change(
            "run sparkConf added",
            run,
            Map.of("sparkConf", Map.of("spark.sql.shuffle.partitions", "8")),
            RUN_IMMUTABLE));
    cases.add(
        change(
            "run image added",
            run,
            Map.of("image", "registry.example/lakehouse-jobs:0.1.0"),
            RUN_IMMUTABLE));
    cases.add(
        change(
            "run retries added", run, Map.of("retries", Map.of("application", 3)), RUN_IMMUTABLE));
    cases.add(
        reject("run resources removed", fullRun, without(fullRun, "resources"), RUN_IMMUTABLE));
    cases.add(reject("run image removed", fullRun, without(fullRun, "image"), RUN_IMMUTABLE));
    cases.add(accept("run unchanged", fullRun, fullRun));

    Map<String, Object> lakehouse = example("lakehouse.yaml", "demo");
    String classImmutable = "storageClassName cannot change";
    cases.add(
        change(
            "seaweedfs storageClassName set",
            lakehouse,
            Map.of(
                "storage",
                Map.of("bucket", "lakehouse", "seaweedfs", Map.of("storageClassName", "fast"))),
            classImmutable));
    Map<String, Object> onMinio =
        with(lakehouse, Map.of("storage", Map.of("bucket", "lakehouse", "minio", Map.of())));
    cases.add(
        change(
            "minio storageClassName set",
            onMinio,
            Map.of(
                "storage",
                Map.of("bucket", "lakehouse", "minio", Map.of("storageClassName", "fast"))),
            classImmutable));
    String serverFixed = "the deployed storage server cannot change between SeaweedFS and MinIO";
    cases.add(reject("seaweedfs swapped for minio", lakehouse, onMinio, serverFixed));
    cases.add(reject("minio swapped for seaweedfs", onMinio, lakehouse, serverFixed));
    Map<String, Object> unnamed = with(lakehouse, Map.of("storage", Map.of("bucket", "lakehouse")));
    // How a Lakehouse of the former default keeps its MinIO; the operator refuses it where
    // SeaweedFS runs.
    cases.add(accept("the default named minio", unnamed, onMinio));
    cases.add(accept("the default named", unnamed, lakehouse));
    cases.add(
        accept(
            "seaweedfs moved to external S3",
            lakehouse,
            with(
                lakehouse,
                Map.of(
                    "storage",
                    Map.of(
                        "bucket",
                        "lakehouse",
                        "external",
                        Map.of(
                            "endpoint",
                            "https://s3.eu-west-1.amazonaws.com",
                            "credentialsSecret",
                            Map.of("name", "s3")))))));
    Map<String, Object> onStandard =
        with(
            lakehouse,
            Map.of(
                "catalog",
                Map.of("postgres", Map.of("size", "5Gi", "storageClassName", "standard"))));
    cases.add(
        change(
            "postgres storageClassName changed",
            onStandard,
            Map.of(
                "catalog", Map.of("postgres", Map.of("size", "5Gi", "storageClassName", "fast"))),
            classImmutable));
    cases.add(
        accept(
            "postgres grows on its class",
            onStandard,
            with(
                onStandard,
                Map.of(
                    "catalog",
                    Map.of("postgres", Map.of("size", "10Gi", "storageClassName", "standard"))))));
    cases.add(accept("run suspended", run, with(run, Map.of("suspend", true))));
    cases.add(
        accept(
            "run resumed",
            with(fullRun, Map.of("suspend", true)),
            with(fullRun, Map.of("suspend", false))));
    return cases;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void transitionIsCheckedLikeTheApiServer(UpdateCase update) {
    assertThat(ManifestValidator.shared().validate(update.updated()))
        .as("the new object is valid on its own")
        .isEmpty();

    List<String> errors = ManifestValidator.shared().validateUpdate(update.old(), update.updated());

    if (update.expected() == null) {
      assertThat(errors).isEmpty();
    } else {
      assertThat(errors).anySatisfy(error -> assertThat(error).contains(update.expected()));
    }
  }

  private static UpdateCase change(
      String name, Map<String, Object> old, Map<String, Object> specChanges, String expected) {
    return reject(name, old, with(old, specChanges), expected);
  }

  private static UpdateCase reject(
      String name, Map<String, Object> old, Map<String, Object> updated, String expected) {
    return new UpdateCase(name, old, updated, expected);
  }

  private static UpdateCase accept(
      String name, Map<String, Object> old, Map<String, Object> updated) {
    return new UpdateCase(name, old, updated, null);
  }

  /** A deep copy of {@code manifest} with the given spec fields replaced. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> with(Map<String, Object> manifest, Map<String, Object> specChanges) {
    Map<String, Object> copy = copy(manifest);
    ((Map<String, Object>) copy.get("spec")).putAll(copy(specChanges));
    return copy;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> without(Map<String, Object> manifest, String specField) {
    Map<String, Object> copy = copy(manifest);
    ((Map<String, Object>) copy.get("spec")).remove(specField);
    return copy;
  }

  private static Map<String, Object> copy(Map<String, Object> map) {
    return JSON.convertValue(map, new TypeReference<Map<String, Object>>() {});
  }

  /** The named document of an example file, so the cases start from what users apply. */
  static Map<String, Object> example(String file, String name) {
    try {
      return ManifestValidator.loadAll(ExamplesTest.examplesDir().resolve(file)).stream()
          .filter(d -> name.equals(((Map<?, ?>) d.get("metadata")).get("name")))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no " + name + " in examples/" + file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
