package dev.lakehouse.jobs.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.jobs.engine.DeltaCommits;
import dev.lakehouse.jobs.engine.SparkSessions;
import dev.lakehouse.jobs.engine.SparkSettings;
import dev.lakehouse.jobs.generate.RaygunGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * One Raygun ingestion as {@code lakehouse run} sees it: a home with generated landing files and
 * one Dataset and IngestionRun, and what Delta and the checkpoint file say is committed so far. The
 * test's own Spark session reads the table; the command runs in child processes.
 */
final class CrashScenario {
  static final long SEED = 20_240_301L;
  static final String DATASET = "crash-raygun";
  static final String TABLE = "crash_raygun";
  static final String RUN = "crash-run";
  static final String RUN_ID = "local-default-" + RUN;

  private static final ObjectMapper JSON = new ObjectMapper();

  final int files;
  final int batchSize;
  final int batches;
  final Path home;
  final Path manifests;
  final Path logs;
  final SparkSession spark;

  private CrashScenario(Path dir, int files, int batchSize, SparkSession spark) {
    this.files = files;
    this.batchSize = batchSize;
    this.batches = (files + batchSize - 1) / batchSize;
    this.home = dir.resolve("home");
    this.manifests = dir.resolve("manifests");
    this.logs = dir.resolve("logs");
    this.spark = spark;
  }

  /** Writes the manifests and files 1..files (raygun-000001.json ...) under {@code dir}. */
  static CrashScenario create(Path dir, int files, int batchSize, SparkSession spark)
      throws IOException {
    CrashScenario scenario = new CrashScenario(dir, files, batchSize, spark);
    Files.createDirectories(scenario.logs);
    Files.createDirectories(scenario.home.resolve("tmp"));
    scenario.writeManifests();
    RaygunGenerator.write(scenario.home.resolve("buckets/lakehouse/landing/raygun"), files, SEED);
    return scenario;
  }

  /** The test's session: reads the table the children write. */
  static SparkSession startSpark(Path temp) {
    return SparkSessions.start(
        new SparkSettings("local[2]")
            .loopback()
            .inMemoryCatalog(temp.resolve("test-warehouse").toUri().toString()));
  }

  /**
   * Starts {@code lakehouse run} for attempt {@code number}; its temporary folder is its own, so a
   * Spark folder appearing there is this child's and not one a killed child left behind.
   */
  ChildRun start(int number) throws IOException {
    Path tmp = home.resolve("tmp").resolve("attempt-" + number);
    Files.createDirectories(tmp);
    return ChildRun.start(
        List.of(
            "dev.lakehouse.jobs.cli.LakehouseCli",
            "run",
            "-f",
            manifests.toString(),
            "--home",
            home.toString()),
        tmp,
        logs.resolve("attempt-" + number + ".out"),
        logs.resolve("attempt-" + number + ".err"));
  }

  String location() {
    return tableFolder().toAbsolutePath().toUri().toString();
  }

  Path tableFolder() {
    return home.resolve("buckets/lakehouse/warehouse/bronze/" + TABLE);
  }

  /** Delta's log entry of version {@code version}: one version per batch, batch k is version k. */
  Path deltaLogEntry(long version) {
    return tableFolder().resolve("_delta_log").resolve(String.format("%020d.json", version));
  }

  Path planObject() {
    return tableFolder().resolve("_lakehouse/runs/" + RUN_ID + "/manifest.json");
  }

  Path checkpointFile() {
    return home.resolve("state/default/" + RUN + ".json");
  }

  /** Batches Delta has committed for the run: the last txnVersion + 1. */
  long committedInDelta() {
    return DeltaCommits.committedBatches(spark, location()).getOrDefault(RUN_ID, -1L) + 1;
  }

  Optional<Integer> checkpointCommitted() {
    return checkpoint()
        .filter(node -> node.has("batchesCommitted"))
        .map(node -> node.get("batchesCommitted").asInt());
  }

  Optional<JsonNode> checkpoint() {
    Path file = checkpointFile();
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readTree(file.toFile()));
    } catch (IOException e) { // replaced atomically, so only while it does not exist yet
      return Optional.empty();
    }
  }

  boolean finished() {
    return committedInDelta() == batches && checkpointCommitted().orElse(0) == batches;
  }

  private void writeManifests() throws IOException {
    Files.createDirectories(manifests);
    Files.writeString(
        manifests.resolve("crash.yaml"),
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Dataset
        metadata:
          name: %s
        spec:
          lakehouse: demo
          layer: bronze
          table:
            schema: bronze
            name: %s
          source:
            files:
              prefix: landing/raygun/
              format: json
              multiLine: true
          maxRejectedFraction: "0"
        ---
        apiVersion: lakehouse.dev/v1alpha1
        kind: IngestionRun
        metadata:
          name: %s
        spec:
          dataset: %s
          batchSize: %d
        """
            .formatted(DATASET, TABLE, RUN, DATASET, batchSize),
        StandardCharsets.UTF_8);
  }
}
