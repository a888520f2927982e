package dev.lakehouse.jobs.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * The contenders the engine is measured against, each what a user would write by hand, run by
 * {@link IngestBenchmark} in a JVM of its own: {@code plain-best}, {@code plain-default}, {@code
 * loop}, {@code parse}; plus the untimed helpers {@code schema} and {@code count}.
 */
public final class BenchTasks {
  /** Files the hand-written schema is taken from, like the engine's sample. */
  static final int SCHEMA_SAMPLE = 200;

  private BenchTasks() {}

  public static void main(String[] args) throws Exception {
    if (args[0].equals("jvm")) {
      return; // the cost of a JVM start with this classpath, the floor of every contender
    }
    Path data = Path.of(args[1]);
    switch (args[0]) {
      case "plain-best" -> plainBest(data, Path.of(args[2]), Path.of(args[3]));
      case "plain-default" -> plainDefault(data, Path.of(args[2]));
      case "loop" -> loop(data, Integer.parseInt(args[2]), Path.of(args[3]));
      case "parse" -> parse(data);
      case "schema" -> schema(data, Path.of(args[2]));
      case "count" -> count(args[1], args[2]);
      default -> throw new IllegalArgumentException("unknown task " + args[0]);
    }
  }

  /** One read of every file with a given schema and files packed into tasks, one Delta write. */
  static void plainBest(Path data, Path schemaFile, Path table) throws IOException {
    StructType schema = (StructType) DataType.fromJson(Files.readString(schemaFile));
    try (SparkSession spark =
        session()
            .config("spark.sql.files.openCostInBytes", "16384")
            .config("spark.sql.files.maxPartitionBytes", "16777216")
            .getOrCreate()) {
      oneDeltaWrite(spark.read().schema(schema), data, table);
    }
  }

  /** The job as first written: schema inferred, Spark's defaults. */
  static void plainDefault(Path data, Path table) {
    try (SparkSession spark = session().getOrCreate()) {
      oneDeltaWrite(spark.read(), data, table);
    }
  }

  /** What both plain jobs do: read the folder's documents, append them to Delta in one commit. */
  private static void oneDeltaWrite(DataFrameReader reader, Path data, Path table) {
    reader
        .option("multiLine", "true")
        .json(data.toString())
        .write()
        .format("delta")
        .mode(SaveMode.Append)
        .save(table.toString());
  }

  /**
   * The loop of the stacks the operator replaces: a batch of file paths at a time, each read with
   * an inferred schema and appended as Parquet, no record of what was done.
   */
  static void loop(Path data, int batchSize, Path out) throws IOException {
    List<String> files = files(data).stream().map(Path::toString).toList();
    try (SparkSession spark = session().getOrCreate()) {
      for (int from = 0; from < files.size(); from += batchSize) {
        List<String> batch = files.subList(from, Math.min(files.size(), from + batchSize));
        spark
            .read()
            .option("multiLine", "true")
            .json(batch.toArray(String[]::new))
            .write()
            .mode(SaveMode.Append)
            .parquet(out.toString());
      }
    }
  }

  /**
   * The parse ceiling: one thread reads every file and walks its tokens with Jackson's streaming
   * parser, twice (the first pass includes JIT warm-up).
   */
  static void parse(Path data) throws IOException {
    List<Path> files = files(data);
    JsonFactory json = new JsonFactory();
    for (int pass = 1; pass <= 2; pass++) {
      long started = System.nanoTime();
      long bytes = 0;
      long documents = 0;
      long tokens = 0;
      for (Path file : files) {
        byte[] content = Files.readAllBytes(file);
        bytes += content.length;
        try (JsonParser parser = json.createParser(content)) {
          int depth = 0;
          for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
            tokens++;
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
              depth++;
            } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
              if (--depth == 0) {
                documents++;
              }
            } else if (t == JsonToken.VALUE_STRING) {
              parser.getText(); // values are decoded, as any reader must
            }
          }
        }
      }
      System.out.printf(
          "parse pass=%d files=%d bytes=%d documents=%d tokens=%d millis=%d%n",
          pass, files.size(), bytes, documents, tokens, (System.nanoTime() - started) / 1_000_000);
    }
  }

  /** The schema a user would paste into a hand-written job: inferred once from a sample. */
  static void schema(Path data, Path out) throws IOException {
    List<Path> files = files(data);
    List<String> sample = new ArrayList<>();
    double step = Math.max(1.0, (double) files.size() / SCHEMA_SAMPLE);
    for (double i = 0; i < files.size() && sample.size() < SCHEMA_SAMPLE; i += step) {
      sample.add(files.get((int) i).toString());
    }
    try (SparkSession spark = session().getOrCreate()) {
      StructType schema =
          spark.read().option("multiLine", "true").json(sample.toArray(String[]::new)).schema();
      Files.writeString(out, schema.json(), StandardCharsets.UTF_8);
    }
  }

  /** Rows and distinct source ids of a written table: what the report checks, untimed. */
  static void count(String format, String location) {
    try (SparkSession spark = session().getOrCreate()) {
      Dataset<Row> table = spark.read().format(format).load(location);
      Row counts = table.selectExpr("count(*)", "count(DISTINCT Id)").first();
      System.out.printf("count rows=%d ids=%d%n", counts.getLong(0), counts.getLong(1));
    }
  }

  static List<Path> files(Path data) throws IOException {
    try (Stream<Path> walk = Files.walk(data)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(".json"))
          .sorted()
          .toList();
    }
  }

  private static SparkSession.Builder session() {
    return SparkSession.builder()
        .master("local[*]")
        .appName("bench")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config(
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
  }
}
