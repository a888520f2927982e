package dev.lakehouse.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.dataset.DatasetSpec;
import dev.lakehouse.api.dataset.Expectation;
import dev.lakehouse.api.dataset.FileFormat;
import dev.lakehouse.api.dataset.FilesSource;
import dev.lakehouse.api.dataset.Layer;
import dev.lakehouse.api.dataset.SchemaEvolution;
import dev.lakehouse.api.dataset.SourceSpec;
import dev.lakehouse.api.dataset.TableRef;
import dev.lakehouse.api.dataset.TransformSpec;
import dev.lakehouse.api.dataset.WriteSpec;
import dev.lakehouse.api.run.Checkpoint;
import dev.lakehouse.api.run.IngestionRunSpec;
import dev.lakehouse.api.run.RunMode;
import dev.lakehouse.checkpoint.LocalCheckpointStore;
import dev.lakehouse.jobs.engine.IngestionEngine;
import dev.lakehouse.jobs.engine.SparkSessions;
import dev.lakehouse.jobs.engine.SparkSettings;
import dev.lakehouse.jobs.engine.Storage;
import dev.lakehouse.jobs.generate.RaygunGenerator;
import dev.lakehouse.s3.S3Client;
import dev.lakehouse.testing.LakehouseServers;
import dev.lakehouse.testing.MetastoreProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingestion engine against real servers on 127.0.0.1: s3proxy as the bucket, a Hive Metastore
 * 3.1.3 (on PostgreSQL, started from the operator's rendered metastore-site.xml) as the catalog,
 * and Spark with Hive support in this JVM. The steps build on each other, in order: Raygun files
 * land in the bucket, bronze ingests them into a Delta table over s3a registered in the metastore,
 * a fresh Spark session finds the table by name, a second run ingests only the new files, and the
 * gold transform recomputes requests per address from the table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EngineOnRealServersIT {
  static final String BUCKET = "lakehouse-it";
  static final long SEED = 42;
  static final int FIRST_FILES = 240;
  static final int SECOND_FILES = 120;
  static final int BATCH_SIZE = 100;
  static final String BRONZE = "bronze.raygun_errors";
  static final String GOLD = "gold.requests_by_ip";

  @TempDir Path temp;

  LakehouseServers servers;
  SparkSession spark;
  Storage storage = Storage.s3(BUCKET);
  List<String> warnings = new ArrayList<>();

  @BeforeAll
  void start() {
    long started = System.nanoTime();
    servers = LakehouseServers.start(BUCKET);
    log("servers started in " + servers.startupTime().toMillis() + " ms");
    spark = startSpark();
    log("Spark with Hive support started in " + millisSince(started) + " ms in total");
  }

  @AfterAll
  void stop() {
    try {
      if (spark != null) {
        spark.stop();
      }
    } finally {
      if (servers != null) {
        servers.close();
      }
    }
  }

  SparkSession startSpark() {
    SparkSession session =
        SparkSessions.start(
            new SparkSettings("local[2]")
                .loopback()
                .hiveMetastore(servers.thriftUri(), storage.warehouse())
                .s3(
                    servers.s3Endpoint(),
                    servers.s3Settings().pathStyleAccess(),
                    servers.secrets().s3AccessKey(),
                    servers.secrets().s3SecretKey()));
    assertThat(session.conf().get("spark.sql.catalogImplementation")).isEqualTo("hive");
    return session;
  }

  @Test
  @Order(1)
  void firstRunIngestsEveryLandedFileIntoADeltaTableRegisteredInTheMetastore() throws IOException {
    upload(1, FIRST_FILES);

    Checkpoint checkpoint = timed("bronze run-1", () -> ingest("run-1", "raygun-errors", bronze()));

    assertThat(checkpoint.filesTotal).isEqualTo(FIRST_FILES);
    assertThat(checkpoint.batchesTotal).isEqualTo(3);
    assertThat(checkpoint.batchesCommitted).isEqualTo(3);
    assertThat(checkpoint.filesIngested).isEqualTo(FIRST_FILES);
    assertThat(checkpoint.rowsWritten).isEqualTo(FIRST_FILES);
    assertThat(checkpoint.rowsRejected).isZero();
    assertThat(warnings).isEmpty();
    // The table lives in the bucket, not in a local folder.
    assertThat(servers.s3().client().listKeys(BUCKET, "warehouse/bronze/raygun_errors/_delta_log/"))
        .contains("warehouse/bronze/raygun_errors/_delta_log/00000000000000000002.json");

    assertThat(spark.table(BRONZE).count()).isEqualTo(FIRST_FILES);
    assertThat(requestsByIp(BRONZE))
        .isEqualTo(RaygunGenerator.expectedRequestsByIp(FIRST_FILES, SEED));
  }

  @Test
  @Order(2)
  void aFreshSparkSessionFindsTheTableInTheMetastore() throws Exception {
    SparkSession before = spark;
    spark.stop();
    spark = null;
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
    spark = timed("new Spark session", this::startSpark);
    assertThat(spark).isNotSameAs(before);
    assertThat(spark.sparkContext()).isNotSameAs(before.sparkContext());

    assertThat(spark.table(BRONZE).count()).isEqualTo(FIRST_FILES);
    assertThat(requestsByIp(BRONZE))
        .isEqualTo(RaygunGenerator.expectedRequestsByIp(FIRST_FILES, SEED));

    // Straight from the metastore, bypassing Spark: the harness's raw Thrift probe, and Hive's
    // own client (the 2.3.9 one Spark bundles) for the table itself.
    assertThat(MetastoreProbe.databases("127.0.0.1", servers.metastore().port()))
        .contains("default", "bronze");
    HiveConf conf = new HiveConf();
    conf.setVar(HiveConf.ConfVars.METASTOREURIS, servers.thriftUri());
    HiveMetaStoreClient client = new HiveMetaStoreClient(conf);
    try {
      // The database sits in the lakehouse's warehouse, and the metastore made its folder on S3
      // through the fs.s3a.* keys of its rendered metastore-site.xml.
      assertThat(client.getDatabase("bronze").getLocationUri())
          .isEqualTo(storage.warehouse() + "/bronze.db");
      assertThat(servers.s3().client().listKeys(BUCKET, "warehouse/bronze.db")).isNotEmpty();
      assertThat(client.getAllTables("bronze")).contains("raygun_errors");
      Table table = client.getTable("bronze", "raygun_errors");
      assertThat(table.getParameters()).containsEntry("spark.sql.sources.provider", "delta");
      assertThat(table.getTableType()).isEqualTo("EXTERNAL_TABLE");
      // Spark keeps a placeholder in the storage descriptor and the real location here.
      assertThat(table.getSd().getSerdeInfo().getParameters())
          .containsEntry("path", storage.tableLocation(new TableRef("bronze", "raygun_errors")));
      log("metastore storage descriptor location: " + table.getSd().getLocation());
    } finally {
      client.close();
    }
  }

  @Test
  @Order(3)
  void aSecondRunIngestsOnlyTheNewFiles() throws IOException {
    upload(FIRST_FILES + 1, SECOND_FILES);

    Checkpoint checkpoint = timed("bronze run-2", () -> ingest("run-2", "raygun-errors", bronze()));

    assertThat(checkpoint.filesTotal).isEqualTo(SECOND_FILES);
    assertThat(checkpoint.batchesTotal).isEqualTo(2);
    assertThat(checkpoint.batchesCommitted).isEqualTo(2);
    assertThat(checkpoint.filesIngested).isEqualTo(SECOND_FILES);
    assertThat(checkpoint.rowsWritten).isEqualTo(SECOND_FILES);
    assertThat(checkpoint.rowsRejected).isZero();
    assertThat(warnings).isEmpty();

    int all = FIRST_FILES + SECOND_FILES;
    assertThat(spark.table(BRONZE).count()).isEqualTo(all);
    assertThat(
            spark
                .sql("SELECT count(DISTINCT _source_file), count(DISTINCT Id) FROM " + BRONZE)
                .first())
        .satisfies(row -> assertThat(row.getLong(0)).isEqualTo(all))
        .satisfies(row -> assertThat(row.getLong(1)).isEqualTo(all));
    assertThat(requestsByIp(BRONZE)).isEqualTo(RaygunGenerator.expectedRequestsByIp(all, SEED));
  }

  @Test
  @Order(4)
  void theGoldTransformRecomputesRequestsPerAddressFromTheTable() throws IOException {
    int all = FIRST_FILES + SECOND_FILES;
    Map<String, Long> expected = RaygunGenerator.expectedRequestsByIp(all, SEED);

    Checkpoint checkpoint = timed("gold gold-1", () -> ingest("gold-1", "requests-by-ip", gold()));

    assertThat(checkpoint.batchesTotal).isEqualTo(1);
    assertThat(checkpoint.batchesCommitted).isEqualTo(1);
    assertThat(checkpoint.rowsWritten).isEqualTo(expected.size());
    assertThat(requestsTable()).isEqualTo(expected);

    // Overwrite: a second run replaces the rows instead of adding to them.
    Checkpoint again = timed("gold gold-2", () -> ingest("gold-2", "requests-by-ip", gold()));
    assertThat(again.rowsWritten).isEqualTo(expected.size());
    assertThat(spark.table(GOLD).count()).isEqualTo(expected.size());
    assertThat(requestsTable()).isEqualTo(expected);
    assertThat(MetastoreProbe.databases("127.0.0.1", servers.metastore().port()))
        .contains("bronze", "gold");
    log(
        "folder markers under warehouse/: "
            + servers.s3().client().listKeys(BUCKET, "warehouse/").stream()
                .filter(key -> key.endsWith("/"))
                .toList());
  }

  // --- helpers

  /** Writes Raygun files locally and puts them under landing/raygun/ in the bucket. */
  void upload(int from, int count) throws IOException {
    long started = System.nanoTime();
    Path dir = Files.createTempDirectory(temp, "raygun-");
    RaygunGenerator.write(dir, from, count, SEED);
    S3Client s3 = servers.s3().client();
    for (int index = from; index < from + count; index++) {
      String name = RaygunGenerator.fileName(index);
      s3.putObject(BUCKET, "landing/raygun/" + name, Files.readAllBytes(dir.resolve(name)));
    }
    assertThat(s3.listKeys(BUCKET, "landing/raygun/")).hasSize(from + count - 1);
    log("uploaded " + count + " files in " + millisSince(started) + " ms");
  }

  Checkpoint ingest(String runId, String datasetName, DatasetSpec dataset) throws IOException {
    IngestionRunSpec run = new IngestionRunSpec();
    run.dataset = datasetName;
    run.batchSize = BATCH_SIZE;
    run.mode = RunMode.incremental;
    IngestionEngine engine =
        new IngestionEngine(
            spark,
            new IngestionEngine.Listener() {
              @Override
              public void warning(IngestionEngine.Request request, String message) {
                warnings.add(message);
              }
            });
    var request = new IngestionEngine.Request(runId, runId, datasetName, dataset, run, storage);
    return engine.ingest(
        request, new LocalCheckpointStore(temp.resolve("state").resolve(runId + ".json")));
  }

  /** examples/raygun/datasets.yaml, raygun-errors. */
  static DatasetSpec bronze() {
    DatasetSpec spec = new DatasetSpec();
    spec.lakehouse = "demo";
    spec.layer = Layer.bronze;
    spec.table = new TableRef("bronze", "raygun_errors");
    spec.source = new SourceSpec();
    spec.source.files = new FilesSource();
    spec.source.files.prefix = "landing/raygun/";
    spec.source.files.format = FileFormat.json;
    spec.source.files.multiLine = true;
    spec.source.files.include = List.of("*.json");
    spec.schemaEvolution = SchemaEvolution.addNewColumns;
    Expectation hasIp = new Expectation();
    hasIp.name = "has_ip";
    hasIp.sql = "Request.IpAddress IS NOT NULL";
    hasIp.onViolation = Expectation.Action.quarantine;
    spec.expectations = List.of(hasIp);
    spec.maxRejectedFraction = "0.01";
    spec.write = new WriteSpec();
    spec.write.mode = WriteSpec.Mode.append;
    return spec;
  }

  /** examples/raygun/datasets.yaml, requests-by-ip. */
  static DatasetSpec gold() {
    DatasetSpec spec = new DatasetSpec();
    spec.lakehouse = "demo";
    spec.layer = Layer.gold;
    spec.table = new TableRef("gold", "requests_by_ip");
    spec.transform = new TransformSpec();
    spec.transform.upstream = List.of("raygun-errors");
    spec.transform.sql =
        "SELECT Request.IpAddress AS ip, count(*) AS requests FROM "
            + BRONZE
            + " GROUP BY Request.IpAddress";
    spec.write = new WriteSpec();
    spec.write.mode = WriteSpec.Mode.overwrite;
    return spec;
  }

  Map<String, Long> requestsByIp(String table) {
    return toMap(
        spark
            .sql(
                "SELECT Request.IpAddress AS ip, count(*) AS n FROM "
                    + table
                    + " GROUP BY Request.IpAddress")
            .collectAsList());
  }

  Map<String, Long> requestsTable() {
    return toMap(spark.sql("SELECT ip, requests FROM " + GOLD).collectAsList());
  }

  static Map<String, Long> toMap(List<Row> rows) {
    Map<String, Long> map = new HashMap<>();
    for (Row row : rows) {
      assertThat(map.put(row.getString(0), row.getLong(1))).as("duplicate %s", row).isNull();
    }
    return map;
  }

  interface Step<T> {
    T run() throws Exception;
  }

  static <T> T timed(String name, Step<T> step) {
    long started = System.nanoTime();
    try {
      return step.run();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(name + " failed", e);
    } finally {
      log(name + " took " + millisSince(started) + " ms");
    }
  }

  static long millisSince(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }

  static void log(String message) {
    System.out.println("EngineOnRealServersIT: " + message);
  }
}
