package dev.lakehouse.jobs.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The benchmark's folder: the generated files (kept between sittings), and per sitting the tables,
 * the engine's homes (whose landing folder links to the generated files), manifests and logs.
 */
final class BenchLayout {
  static final String DATASET_MANIFESTS =
      """
      # The Raygun example's bronze Dataset, under the benchmark's own name.
      apiVersion: lakehouse.dev/v1alpha1
      kind: Dataset
      metadata:
        name: raygun-bench
      spec:
        lakehouse: demo
        layer: bronze
        table:
          schema: bronze
          name: raygun_bench
        source:
          files:
            prefix: landing/raygun/
            format: json
            multiLine: true
            include: ["*.json"]
        schemaEvolution: addNewColumns
        expectations:
          - name: has_ip
            sql: Request.IpAddress IS NOT NULL
            onViolation: quarantine
        maxRejectedFraction: "0.01"
        write:
          mode: append
      ---
      apiVersion: lakehouse.dev/v1alpha1
      kind: IngestionRun
      metadata:
        name: %s
      spec:
        dataset: raygun-bench
        batchSize: %d
        mode: incremental
      """;

  private final Path work;

  BenchLayout(Path work) throws IOException {
    this.work = work.toAbsolutePath();
    for (String sitting : List.of("tables", "homes", "logs", "manifests")) {
      delete(this.work.resolve(sitting));
    }
  }

  Path data() {
    return work.resolve("data/landing/raygun");
  }

  Path logs() {
    return work.resolve("logs");
  }

  Path schemaFile() {
    return work.resolve("schema.json");
  }

  Path manifests() {
    return work.resolve("manifests");
  }

  Path report() {
    return work.resolve("report.md");
  }

  Path table(String contender) {
    return work.resolve("tables").resolve(contender);
  }

  /** A lakehouse home for {@code lakehouse run} whose landing folder is the generated data. */
  Path engineHome(String name) throws IOException {
    Path home = work.resolve("homes").resolve(name);
    Path landing = home.resolve("buckets/lakehouse/landing");
    if (!Files.exists(landing)) {
      Files.createDirectories(landing.getParent());
      Files.createSymbolicLink(landing, data().getParent());
    }
    return home;
  }

  String engineTable(String home) throws IOException {
    return engineHome(home).resolve("buckets/lakehouse/warehouse/bronze/raygun_bench").toString();
  }

  void writeManifests(int batchSize) throws IOException {
    Files.createDirectories(manifests());
    Files.writeString(
        manifests().resolve("raygun-bench.yaml"),
        DATASET_MANIFESTS.formatted(IngestBenchmark.RUN, batchSize));
  }

  long dataBytes() throws IOException {
    try (Stream<Path> files = Files.list(data())) {
      return files.mapToLong(p -> p.toFile().length()).sum();
    }
  }

  void readAllOnce() throws IOException {
    byte[] buffer = new byte[1 << 16];
    for (Path file : BenchTasks.files(data())) {
      try (InputStream in = Files.newInputStream(file)) {
        while (in.read(buffer) >= 0) {
          // reading is the point: the page cache keeps the files for every contender
        }
      }
    }
  }

  void deleteData() throws IOException {
    delete(data());
  }

  private static void delete(Path folder) throws IOException {
    if (!Files.exists(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
