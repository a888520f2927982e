package dev.lakehouse.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.api.dataset.DatasetSpec;
import dev.lakehouse.api.dataset.Expectation;
import dev.lakehouse.api.dataset.Layer;
import dev.lakehouse.api.dataset.TableRef;
import dev.lakehouse.api.dataset.TransformSpec;
import dev.lakehouse.api.job.JobConfig;
import dev.lakehouse.api.run.Checkpoint;
import dev.lakehouse.api.run.IngestionRunSpec;
import dev.lakehouse.checkpoint.LocalCheckpointStore;
import dev.lakehouse.jobs.engine.SparkSessions;
import dev.lakehouse.jobs.generate.RaygunGenerator;
import dev.lakehouse.jobs.pod.JobCommand;
import dev.lakehouse.jobs.pod.PodSparkSettings;
import dev.lakehouse.jobs.pod.TerminationLog;
import dev.lakehouse.s3.S3Client;
import dev.lakehouse.testing.LakehouseServers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pod entry point against real servers on 127.0.0.1: job.json files as the operator writes
 * them, with the servers' endpoints, run through the same code path as {@code lakehouse job
 * --config} (only the checkpoint store is a local file instead of the IngestionRun's status). An
 * ingest job creates the table in S3 and the metastore and records its facts; a dropTable job
 * removes it from both, twice without complaint; failing jobs exit with the code of their cause.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobCommandIT {
  static final String BUCKET = "lakehouse-job";
  static final int FILES = 30;
  static final String RUN = "raygun-errors-1";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path temp;

  LakehouseServers servers;
  Map<String, String> env;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  void start() throws IOException {
    servers = LakehouseServers.start(BUCKET);
    env =
        Map.of(
            JobConfig.S3_ACCESS_KEY_ENV, servers.secrets().s3AccessKey(),
            JobConfig.S3_SECRET_KEY_ENV, servers.secrets().s3SecretKey(),
            TerminationLog.PATH_ENV, temp.resolve("termination-log").toString());
    Path dir = Files.createDirectories(temp.resolve("raygun"));
    RaygunGenerator.write(dir, 1, FILES, 42);
    S3Client s3 = servers.s3().client();
    for (int index = 1; index <= FILES; index++) {
      String name = RaygunGenerator.fileName(index);
      s3.putObject(BUCKET, "landing/raygun/" + name, Files.readAllBytes(dir.resolve(name)));
    }
  }

  /** What the pod would have logged, for the test report. */
  @AfterEach
  void echo() {
    System.out.print(printed());
    out.reset();
    err.reset();
  }

  @AfterAll
  void stop() {
    if (servers != null) {
      servers.close();
    }
  }

  @Test
  @Order(1)
  void anIngestJobCreatesTheTableAndRecordsItsFacts() throws Exception {
    JobConfig job = ingest(EngineOnRealServersIT.bronze(), "raygun-errors", RUN);

    assertThat(run(job)).as(printed()).isZero();

    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("[" + RUN + "] ingest: starting Spark (local[*])")
        .contains("[" + RUN + "] batch 3/3 committed")
        .contains("[" + RUN + "] Succeeded: 3/3 batches, 30 files, 30 rows written");
    Checkpoint checkpoint = store(RUN).load().orElseThrow();
    assertThat(checkpoint.batchesCommitted).isEqualTo(3);
    assertThat(checkpoint.table.location)
        .isEqualTo("s3a://" + BUCKET + "/warehouse/bronze/raygun_errors");
    assertThat(checkpoint.table.rowCount).isEqualTo(FILES);
    assertThat(checkpoint.table.columns)
        .extracting(c -> c.name)
        .contains("Id", "OccurredOn", "Request", "_source_file");
    assertThat(checkpoint.table.columns)
        .filteredOn(c -> c.name.equals("Request"))
        .singleElement()
        .satisfies(c -> assertThat(c.type).startsWith("struct<").contains("IpAddress:string"));
    assertThat(temp.resolve("termination-log")).doesNotExist();

    // A session configured as a pod's finds the table by name in the metastore.
    try (SparkSession spark = SparkSessions.start(PodSparkSettings.of(job, env))) {
      assertThat(spark.table("bronze.raygun_errors").count()).isEqualTo(FILES);
    }
  }

  @Test
  @Order(2)
  void aDropTableJobRemovesTheTableFromTheMetastoreAndS3() throws Exception {
    assertThat(servers.s3().client().listKeys(BUCKET, "warehouse/bronze/raygun_errors/"))
        .isNotEmpty();
    JobConfig job = dropTable(EngineOnRealServersIT.bronze());

    assertThat(run(job)).as(printed()).isZero();

    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("[bronze.raygun_errors] dropped from the catalog")
        .containsPattern(
            "\\[bronze.raygun_errors\\] deleted \\d+ files at s3a://"
                + BUCKET
                + "/warehouse/bronze/raygun_errors\n");
    assertThat(tableInMetastore("bronze", "raygun_errors")).isFalse();
    assertThat(tableInMetastore("bronze", "raygun_errors_quarantine")).isFalse();
    assertThat(servers.s3().client().listKeys(BUCKET, "warehouse/bronze/raygun_errors")).isEmpty();

    // The operator may run it again (a retried Job): nothing left to do is not a failure.
    out.reset();
    assertThat(run(job)).as(printed()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("[bronze.raygun_errors] not in the catalog (already dropped)")
        .contains("[bronze.raygun_errors] nothing to delete at");
  }

  @Test
  @Order(3)
  void refusedDataExitsWithElevenAndSaysWhyInTheTerminationLog() throws Exception {
    DatasetSpec strict = EngineOnRealServersIT.bronze();
    strict.expectations =
        List.of(expectation("old_ids_only", "Id IS NULL", Expectation.Action.fail));

    assertThat(run(ingest(strict, "raygun-errors", "raygun-errors-strict")))
        .as(printed())
        .isEqualTo(11);

    assertThat(terminationLog())
        .startsWith(
            "expectation old_ids_only (onViolation: fail) is violated by 10 rows in batch 0");
  }

  @Test
  @Order(4)
  void aTransformOverAnUnknownTableExitsWithTen() throws Exception {
    DatasetSpec gold = new DatasetSpec();
    gold.lakehouse = "demo";
    gold.layer = Layer.gold;
    gold.table = new TableRef("gold", "requests_by_ip");
    gold.transform = new TransformSpec();
    gold.transform.upstream = List.of("raygun-errors");
    gold.transform.sql = "SELECT ip, count(*) AS n FROM bronze.no_such_table GROUP BY ip";

    assertThat(run(ingest(gold, "requests-by-ip", "requests-by-ip-1"))).as(printed()).isEqualTo(10);

    assertThat(terminationLog())
        .startsWith("the transform SQL of Dataset requests-by-ip fails: ")
        .contains("no_such_table");
  }

  @Test
  @Order(5)
  void anUnreachableMetastoreExitsWithTwelve() throws Exception {
    JobConfig job = dropTable(EngineOnRealServersIT.bronze());
    job.metastoreUri = "thrift://127.0.0.1:" + closedPort();
    job.sparkConf = Map.of("spark.hadoop.hive.metastore.connect.retries", "1");
    long started = System.nanoTime();

    assertThat(run(job)).as(printed()).isEqualTo(12);

    assertThat(terminationLog()).isNotBlank().doesNotContain(servers.secrets().s3SecretKey());
    System.out.printf(
        "JobCommandIT: unreachable metastore detected in %d ms: %s%n",
        (System.nanoTime() - started) / 1_000_000, terminationLog());
  }

  // --- helpers

  JobConfig ingest(DatasetSpec dataset, String datasetName, String runName) {
    JobConfig job = base(dataset);
    job.task = JobConfig.Task.ingest;
    job.datasetName = datasetName;
    job.runName = runName;
    job.runId = "uid-" + runName;
    job.run = new IngestionRunSpec();
    job.run.dataset = job.datasetName;
    job.run.batchSize = 10;
    return job;
  }

  JobConfig dropTable(DatasetSpec dataset) {
    JobConfig job = base(dataset);
    job.task = JobConfig.Task.dropTable;
    return job;
  }

  JobConfig base(DatasetSpec dataset) {
    JobConfig job = new JobConfig();
    job.namespace = "default";
    job.datasetName = "raygun-errors";
    job.dataset = dataset;
    job.storage = new JobConfig.Storage();
    job.storage.endpoint = servers.s3Endpoint();
    job.storage.region = servers.s3().region();
    job.storage.pathStyleAccess = servers.s3Settings().pathStyleAccess();
    job.storage.bucket = BUCKET;
    job.metastoreUri = servers.thriftUri();
    return job;
  }

  /** Writes the job file and runs it as {@code lakehouse job --config} would. */
  int run(JobConfig job) throws IOException {
    Path file = temp.resolve("job-" + System.nanoTime() + ".json");
    JSON.writeValue(file.toFile(), job);
    Files.deleteIfExists(temp.resolve("termination-log"));
    var command =
        new JobCommand(
            env,
            config -> store(config.runName),
            SparkSessions::start,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return command.run(List.of("--config", file.toString()));
  }

  LocalCheckpointStore store(String runName) {
    return new LocalCheckpointStore(temp.resolve("state").resolve(runName + ".json"));
  }

  String printed() {
    return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
  }

  String terminationLog() throws IOException {
    return Files.readString(temp.resolve("termination-log"));
  }

  boolean tableInMetastore(String schema, String table) throws Exception {
    HiveConf conf = new HiveConf();
    conf.setVar(HiveConf.ConfVars.METASTOREURIS, servers.thriftUri());
    HiveMetaStoreClient client = new HiveMetaStoreClient(conf);
    try {
      return client.tableExists(schema, table);
    } finally {
      client.close();
    }
  }

  static Expectation expectation(String name, String sql, Expectation.Action action) {
    Expectation e = new Expectation();
    e.name = name;
    e.sql = sql;
    e.onViolation = action;
    return e;
  }

  static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
