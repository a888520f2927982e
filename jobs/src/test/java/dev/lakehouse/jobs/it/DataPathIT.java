package dev.lakehouse.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.api.query.QuerySpec;
import dev.lakehouse.jobs.engine.SparkSessions;
import dev.lakehouse.jobs.engine.SparkSettings;
import dev.lakehouse.jobs.engine.Storage;
import dev.lakehouse.jobs.generate.IotGenerator;
import dev.lakehouse.jobs.generate.PokemonGenerator;
import dev.lakehouse.jobs.generate.RaygunGenerator;
import dev.lakehouse.jobs.local.LocalRunner;
import dev.lakehouse.jobs.local.RunLayout;
import dev.lakehouse.jobs.manifest.Manifest;
import dev.lakehouse.jobs.manifest.ManifestSet;
import dev.lakehouse.query.Cancellation;
import dev.lakehouse.query.QueryFailure;
import dev.lakehouse.query.QueryRequest;
import dev.lakehouse.query.QueryResult;
import dev.lakehouse.query.TrinoJdbcEngine;
import dev.lakehouse.s3.S3Client;
import dev.lakehouse.testing.LakehouseServers;
import dev.lakehouse.testing.TrinoServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
 * The whole data path on real servers, each configured from the operator's own renderers: the
 * examples' manifests ingest generated files from s3proxy into Delta tables registered in Hive
 * Metastore 3.1.3 (on PostgreSQL), and Trino 476 reads those tables through the Query reconciler's
 * client as the read-only user, with exactly the results that Spark SQL and the generators' seeds
 * give. The steps build on each other, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DataPathIT {
  static final String BUCKET = "lakehouse";
  static final Path EXAMPLES = Path.of("..", "examples");
  static final long SEED = 11;
  static final int FIRST_FILES = 600;
  static final int SECOND_FILES = 300;

  @TempDir static Path temp;

  LakehouseServers servers;
  TrinoServer trino;
  SparkSession spark;
  TrinoJdbcEngine queries;

  @BeforeAll
  void start() {
    servers = LakehouseServers.start(BUCKET);
    trino = TrinoServer.start(servers);
    log("S3, Postgres and the metastore started in " + servers.startupTime().toMillis() + " ms");
    log("Trino started in " + trino.startupTime().toMillis() + " ms");
    spark =
        SparkSessions.start(
            new SparkSettings("local[2]")
                .loopback()
                .hiveMetastore(servers.thriftUri(), Storage.s3(BUCKET).warehouse())
                .s3(
                    servers.s3Endpoint(),
                    servers.s3Settings().pathStyleAccess(),
                    servers.secrets().s3AccessKey(),
                    servers.secrets().s3SecretKey()));
    queries = new TrinoJdbcEngine(trino.jdbcUrl(), trino.readOnlyUser(), temp.resolve("results"));
  }

  @AfterAll
  void stop() {
    try {
      if (spark != null) {
        spark.stop();
      }
    } finally {
      try {
        if (trino != null) {
          trino.close();
        }
      } finally {
        if (servers != null) {
          servers.close();
        }
      }
    }
  }

  @Test
  @Order(1)
  void theRaygunReportThroughTrinoMatchesSparkSqlAndTheSeed() throws Exception {
    upload("landing/raygun/", dir -> RaygunGenerator.write(dir, 1, FIRST_FILES, SEED), "raygun");
    ManifestSet raygun = ManifestSet.load(List.of(EXAMPLES.resolve("raygun")));

    String printed = run(raygun);

    assertThat(printed).contains("[raygun-errors-1]").contains("[top-ips]");
    Map<String, Long> expected = RaygunGenerator.expectedRequestsByIp(FIRST_FILES, SEED);
    String report = onlyQuery(raygun).sql;
    Map<String, Long> bySpark = counts(spark.sql(report).collectAsList());
    QueryResult byTrino = trino(report);

    assertThat(bySpark).isEqualTo(expected);
    assertThat(counts(byTrino)).isEqualTo(expected);
    assertThat(byTrino.columns())
        .extracting(c -> c.name() + " " + c.type())
        .containsExactly("ip varchar", "requests bigint");
    assertThat(byTrino.trinoQueryId()).isNotBlank();
    // The bronze table itself, nested columns and all, read by Trino.
    assertThat(single("SELECT count(*), count(DISTINCT _source_file) FROM bronze.raygun_errors"))
        .containsExactly(String.valueOf(FIRST_FILES), String.valueOf(FIRST_FILES));
  }

  @Test
  @Order(2)
  void aSecondRunsNewRowsAreInTrinoWithoutARefresh() throws Exception {
    upload(
        "landing/raygun/",
        dir -> RaygunGenerator.write(dir, FIRST_FILES + 1, SECOND_FILES, SEED),
        "raygun-2");
    Path secondRun = temp.resolve("run-2.yaml");
    Files.writeString(
        secondRun,
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: IngestionRun
        metadata:
          name: raygun-errors-2
        spec:
          dataset: raygun-errors
          batchSize: 500
          mode: incremental
        """);
    ManifestSet manifests =
        ManifestSet.load(List.of(EXAMPLES.resolve("raygun/datasets.yaml"), secondRun));

    String printed = run(manifests);

    assertThat(printed).contains("[raygun-errors-2]");
    int all = FIRST_FILES + SECOND_FILES;
    assertThat(single("SELECT count(*) FROM bronze.raygun_errors"))
        .containsExactly(String.valueOf(all));
    String report = onlyQuery(ManifestSet.load(List.of(EXAMPLES.resolve("raygun/query.yaml")))).sql;
    assertThat(counts(trino(report))).isEqualTo(RaygunGenerator.expectedRequestsByIp(all, SEED));
  }

  @Test
  @Order(3)
  void pokemonSilverAndGoldThroughTrino() throws Exception {
    int files = 300;
    upload("landing/pokemon/", dir -> PokemonGenerator.write(dir, files, SEED), "pokemon");
    ManifestSet pokemon = ManifestSet.load(List.of(EXAMPLES.resolve("pokemon")));

    run(pokemon);

    assertThat(single("SELECT count(*) FROM silver.pokemon")).containsExactly("300");
    QueryResult byType =
        trino("SELECT type_name, pokemon FROM gold.pokemon_by_type ORDER BY type_name");
    assertThat(counts(byType)).isEqualTo(PokemonGenerator.expectedCountByType(files, SEED));
    // The example's own report runs as written.
    QueryResult example = trino(onlyQuery(pokemon).sql);
    assertThat(example.rowCount()).isEqualTo(byType.rowCount());
    assertThat(example.columns())
        .extracting(c -> c.name())
        .containsExactly("type_name", "pokemon", "avg_weight_kg");
  }

  @Test
  @Order(4)
  void iotTrustedAndCuratedTablesThroughTrino() throws Exception {
    int customers = 200;
    upload("landing/", dir -> IotGenerator.write(dir, customers, SEED), "iot");
    ManifestSet iot = ManifestSet.load(List.of(EXAMPLES.resolve("iot")));
    IotGenerator.Expected expected = IotGenerator.expected(customers, SEED);

    run(iot);

    assertThat(
            single(
                "SELECT (SELECT count(*) FROM silver.customer_trusted),"
                    + " (SELECT count(*) FROM silver.accelerometer_trusted),"
                    + " (SELECT count(*) FROM silver.step_trainer_trusted),"
                    + " (SELECT count(*) FROM gold.customers_curated),"
                    + " (SELECT count(*) FROM gold.machine_learning_curated)"))
        .containsExactly(
            String.valueOf(expected.consentingCustomers()),
            String.valueOf(expected.trustedAccelerometerRows()),
            String.valueOf(expected.trustedStepTrainerRows()),
            String.valueOf(expected.curatedCustomers()),
            String.valueOf(expected.machineLearningRows()));
    QueryResult perDevice = trino(onlyQuery(iot).sql);
    long readings = perDevice.rows().stream().mapToLong(r -> Long.parseLong(r.get(1))).sum();
    assertThat(readings).isEqualTo(expected.machineLearningRows());
  }

  @Test
  @Order(5)
  void theReadOnlyUserIsRefusedAWrite() {
    for (String write :
        List.of(
            "INSERT INTO gold.requests_by_ip VALUES ('10.9.9.9', 1)",
            "DELETE FROM gold.requests_by_ip",
            "DROP TABLE bronze.raygun_errors")) {
      assertThatThrownBy(() -> trino(write))
          .as(write)
          .isInstanceOfSatisfying(
              QueryFailure.class,
              f -> {
                assertThat(f.kind()).isEqualTo(QueryFailure.Kind.FAILED);
                assertThat(f.getMessage()).contains("Access Denied");
                assertThat(f.trinoQueryId()).isNotBlank();
              });
    }
    int all = FIRST_FILES + SECOND_FILES;
    assertThat(single("SELECT count(*) FROM bronze.raygun_errors"))
        .containsExactly(String.valueOf(all));
    assertThat(single("SELECT sum(requests) FROM gold.requests_by_ip"))
        .containsExactly(String.valueOf(all));
  }

  // --- helpers

  /** Runs the manifests' IngestionRuns (and Spark SQL Queries) against the real servers. */
  String run(ManifestSet manifests) throws IOException {
    var printed = new ByteArrayOutputStream();
    RunLayout layout =
        new RunLayout() {
          @Override
          public Storage storage(String bucket) {
            return Storage.s3(bucket);
          }

          @Override
          public Path checkpoint(String namespace, String run) {
            return temp.resolve("state").resolve(namespace).resolve(run + ".json");
          }
        };
    long started = System.nanoTime();
    new LocalRunner(spark, layout, new PrintStream(printed, true, StandardCharsets.UTF_8))
        .run(manifests);
    String output = printed.toString(StandardCharsets.UTF_8);
    log("ran in " + (System.nanoTime() - started) / 1_000_000 + " ms:\n" + output);
    return output;
  }

  QueryResult trino(String sql) {
    return queries.run(
        QueryRequest.of(sql).withMaxRows(100_000).withMaxPreviewBytes(16 << 20),
        new Cancellation());
  }

  List<String> single(String sql) {
    QueryResult result = trino(sql);
    assertThat(result.rows()).as(sql).hasSize(1);
    return result.rows().get(0);
  }

  static QuerySpec onlyQuery(ManifestSet manifests) {
    assertThat(manifests.queries).hasSize(1);
    Manifest<QuerySpec> query = manifests.queries.get(0);
    return query.spec();
  }

  static Map<String, Long> counts(QueryResult result) {
    assertThat(result.truncated()).isFalse();
    return result.rows().stream()
        .collect(Collectors.toMap(r -> r.get(0), r -> Long.parseLong(r.get(1))));
  }

  static Map<String, Long> counts(List<Row> rows) {
    return rows.stream().collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
  }

  /** Generates files into a local folder and puts each under {@code prefix} in the bucket. */
  void upload(String prefix, Generator generate, String name) throws IOException {
    Path dir = Files.createDirectories(temp.resolve("generated").resolve(name));
    generate.into(dir);
    S3Client s3 = servers.s3().client();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        String key = prefix + dir.relativize(file).toString().replace('\\', '/');
        s3.putObject(BUCKET, key, Files.readAllBytes(file));
      }
    }
  }

  /** Writes generated files into a folder. */
  interface Generator {
    void into(Path dir) throws IOException;
  }

  static void log(String message) {
    System.out.println("[DataPathIT] " + message);
  }
}
