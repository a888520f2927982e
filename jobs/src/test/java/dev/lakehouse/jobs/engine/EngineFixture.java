package dev.lakehouse.jobs.engine;

import dev.lakehouse.api.dataset.DatasetSpec;
import dev.lakehouse.api.dataset.Expectation;
import dev.lakehouse.api.dataset.FileFormat;
import dev.lakehouse.api.dataset.FilesSource;
import dev.lakehouse.api.dataset.Layer;
import dev.lakehouse.api.dataset.SourceSpec;
import dev.lakehouse.api.dataset.TableRef;
import dev.lakehouse.api.run.IngestionRunSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** A local Spark session and a folder playing the bucket, shared by the engine tests. */
final class EngineFixture {
  private static SparkSession spark;

  static synchronized SparkSession spark(Path warehouse) {
    if (spark == null) {
      spark =
          SparkSessions.start(
              new SparkSettings("local[2]")
                  .loopback()
                  .inMemoryCatalog(warehouse.toUri().toString()));
    }
    return spark;
  }

  static DatasetSpec jsonDataset(String table, String prefix, boolean multiLine) {
    DatasetSpec spec = new DatasetSpec();
    spec.lakehouse = "demo";
    spec.layer = Layer.bronze;
    spec.table = new TableRef("bronze", table);
    spec.source = new SourceSpec();
    spec.source.files = new FilesSource();
    spec.source.files.prefix = prefix;
    spec.source.files.format = FileFormat.json;
    spec.source.files.multiLine = multiLine;
    spec.maxRejectedFraction = "1";
    return spec;
  }

  static Expectation expectation(String name, String sql, Expectation.Action action) {
    Expectation e = new Expectation();
    e.name = name;
    e.sql = sql;
    e.onViolation = action;
    return e;
  }

  static IngestionRunSpec run(int batchSize) {
    IngestionRunSpec run = new IngestionRunSpec();
    run.dataset = "events";
    run.batchSize = batchSize;
    return run;
  }

  /** Writes pretty-printed documents {id, ip, device{...}} numbered from..to-1. */
  static List<Path> writeEvents(Path folder, int from, int to) throws IOException {
    Files.createDirectories(folder);
    List<Path> written = new ArrayList<>();
    for (int i = from; i < to; i++) {
      Path file = folder.resolve(String.format("event-%05d.json", i));
      Files.writeString(
          file,
          """
          {
            "id": %d,
            "ip": "10.0.0.%d",
            "device": {"kind": "sensor", "firmware": "1.%d"}
          }
          """
              .formatted(i, i % 7, i % 3),
          StandardCharsets.UTF_8);
      written.add(file);
    }
    return written;
  }
}
