package dev.lakehouse.operator.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lakehouse.api.common.ConditionTypes;
import dev.lakehouse.api.common.Conditions;
import dev.lakehouse.api.query.Query;
import dev.lakehouse.api.query.QueryOutput;
import dev.lakehouse.api.query.QueryPhase;
import dev.lakehouse.api.query.QuerySpec;
import dev.lakehouse.api.query.QueryStatus;
import dev.lakehouse.operator.LakehouseOperator;
import dev.lakehouse.operator.OperatorSettings;
import dev.lakehouse.operator.lakehouse.LakehouseModel;
import dev.lakehouse.operator.lakehouse.Lakehouses;
import dev.lakehouse.operator.testing.CustomResources;
import dev.lakehouse.operator.testing.DemoLakehouse;
import dev.lakehouse.operator.testing.TestCluster;
import dev.lakehouse.query.ObjectStore;
import dev.lakehouse.query.QueryEngine;
import dev.lakehouse.query.S3ObjectStore;
import dev.lakehouse.query.TrinoJdbcEngine;
import dev.lakehouse.testing.LakehouseServers;
import dev.lakehouse.testing.TrinoServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Query reconciler end to end: the real JOSDK operator, under the chart's RBAC, against the
 * real API server, its queries run by a real Trino 476 on a Delta table in real S3 (s3proxy)
 * through a real Hive Metastore, as the read-only user the operator uses in a cluster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryOnRealServersIT {
  /** The bucket of {@link Lakehouses#demo}: output locations name it. */
  static final String BUCKET = "lakehouse";

  static final Duration WAIT = Duration.ofSeconds(90);
  static final String TABLE = "lakehouse.raygun.errors";
  static final long TABLE_ROWS = 7;

  static final String REPORT =
      "SELECT host, count(*) AS errors, sum(hits) AS hits, sum(price) AS spent,"
          + " max(seen_at) AS last_seen, bool_or(resolved) AS any_resolved"
          + " FROM errors GROUP BY host ORDER BY errors DESC, host";

  /** Every column; Delta keeps timestamps without a zone as timestamp(6), cast back here. */
  static final String EXPORT =
      "SELECT id, host, hits, ratio, price, resolved, day,"
          + " CAST(seen_at AS timestamp(3)) AS seen_at, seen_utc, tags"
          + " FROM raygun.errors ORDER BY id";

  @TempDir Path tmp;

  private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
  private LakehouseServers servers;
  private TrinoServer trino;
  private TestCluster cluster;
  private String ns;
  private KubernetesClient client;
  private CustomResources<QueryStatus, Query> queries;

  @BeforeAll
  void start() {
    servers = LakehouseServers.start(BUCKET);
    toClose.push(servers);
    trino = TrinoServer.start(servers);
    toClose.push(trino);
    createTable();

    cluster = TestCluster.start("query");
    toClose.push(cluster);
    ns = cluster.namespace();
    client = cluster.client();
    queries = new CustomResources<>(client, Query.class, ns, WAIT);
    LakehouseOperator operator =
        new LakehouseOperator(
            cluster.operatorClient(),
            OperatorSettings.defaults(),
            Set.of(ns),
            Clock.systemUTC(),
            new QueryConnections() {
              @Override
              public QueryEngine engine(LakehouseModel lakehouse) {
                return new TrinoJdbcEngine(
                    trino.jdbcUrl(), trino.readOnlyUser(), tmp.resolve("results"));
              }

              @Override
              public ObjectStore store(LakehouseModel lakehouse) {
                return new S3ObjectStore(servers.s3().client(), BUCKET);
              }
            });
    toClose.push(operator::stop);
    operator.start();
    createLakehouse();
    makeLakehouseReady();
  }

  /**
   * Seven error reports covering Trino's common types, with NULLs, an empty array, and text CSV
   * must quote.
   */
  private void createTable() {
    admin(
        "CREATE SCHEMA lakehouse.raygun WITH (location = 's3a://"
            + BUCKET
            + "/warehouse/raygun.db')");
    admin(
        "CREATE TABLE "
            + TABLE
            + " AS SELECT CAST(id AS integer) AS id, CAST(host AS varchar) AS host,"
            + " CAST(hits AS bigint) AS hits, CAST(ratio AS double) AS ratio,"
            + " CAST(price AS decimal(10,2)) AS price, resolved, day, seen_at, seen_utc,"
            + " CAST(tags AS array(varchar)) AS tags FROM (VALUES"
            + " (1, 'web-1', 120, 0.5, 12.50, true, DATE '2026-11-20',"
            + "  TIMESTAMP '2026-11-20 10:15:30.123', TIMESTAMP '2026-11-20 10:15:30.123 UTC',"
            + "  ARRAY['timeout', 'db']),"
            + " (2, 'web-1', 30, 0.125, 3.99, false, DATE '2026-11-20',"
            + "  TIMESTAMP '2026-11-20 11:00:00.000',"
            + "  TIMESTAMP '2026-11-20 12:00:00.000 Europe/Berlin', ARRAY['db']),"
            + " (3, 'web-2', 7, 1.75, 100.00, true, DATE '2026-11-21',"
            + "  TIMESTAMP '2026-11-21 08:30:00.500', TIMESTAMP '2026-11-21 08:30:00.500 UTC',"
            + "  ARRAY['auth']),"
            + " (4, 'web-2', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
            + " (5, 'api, \"edge\"', 42, 2.0, 0.01, false, DATE '2026-11-22',"
            + "  TIMESTAMP '2026-11-22 00:00:00.001', TIMESTAMP '2026-11-22 00:00:00.001 UTC',"
            + "  ARRAY[]),"
            + " (6, 'web-1', 1, -0.5, -7.25, true, DATE '2026-11-22',"
            + "  TIMESTAMP '2026-11-22 23:59:59.999', TIMESTAMP '2026-11-22 23:59:59.999 UTC',"
            + "  ARRAY['x', NULL]),"
            + " (7, NULL, 5, 0.0, 1.00, false, DATE '2026-11-22',"
            + "  TIMESTAMP '2026-11-22 12:00:00.000', TIMESTAMP '2026-11-22 12:00:00.000 UTC',"
            + "  ARRAY['y'])"
            + ") AS t (id, host, hits, ratio, price, resolved, day, seen_at, seen_utc, tags)");
  }

  @AfterAll
  void stop() throws Exception {
    Exception first = null;
    while (!toClose.isEmpty()) {
      try {
        toClose.pop().close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Test
  void aReportLandsInStatusWithTrinosTypesAndText() {
    queries.create(query("report", REPORT, s -> s.schema = "raygun"));

    Query done = awaitPhase("report", QueryPhase.Succeeded);
    QueryStatus status = done.getStatus();
    assertThat(status.columns)
        .extracting(c -> c.name + " " + c.type)
        .containsExactly(
            "host varchar",
            "errors bigint",
            "hits bigint",
            "spent decimal(38,2)",
            "last_seen timestamp(6)",
            "any_resolved boolean");
    assertThat(status.rows)
        .containsExactly(
            row("web-1", "3", "151", "9.24", "2026-11-22 23:59:59.999000", "true"),
            row("web-2", "2", "7", "100.00", "2026-11-21 08:30:00.500000", "true"),
            row("api, \"edge\"", "1", "42", "0.01", "2026-11-22 00:00:00.001000", "false"),
            row(null, "1", "5", "1.00", "2026-11-22 12:00:00.000000", "false"));
    assertThat(status.rowCount).isEqualTo(4);
    assertThat(status.truncated).isFalse();
    assertThat(status.trinoQueryId).matches("\\d{8}_\\d{6}_\\d{5}_\\w{5}");
    assertThat(status.duration).isNotBlank();
    assertThat(status.durationMillis).isPositive();
    assertThat(status.observedGeneration).isEqualTo(1);
    assertThat(status.error).isNull();
    assertThat(status.output).isNull();
    assertThat(condition(done, ConditionTypes.COMPLETE).getStatus()).isEqualTo("True");
    assertThat(condition(done, ConditionTypes.COMPLETE).getMessage()).startsWith("4 rows in ");
    assertThat(condition(done, ConditionTypes.FAILED).getStatus()).isEqualTo("False");
    await()
        .atMost(WAIT)
        .until(() -> reasons("report").containsAll(List.of("QueryStarted", "QuerySucceeded")));
    // The query ran as the read-only user, from the operator's JDBC connection.
    assertThat(
            admin(
                "SELECT user, source, state FROM system.runtime.queries WHERE query_id = '"
                    + status.trinoQueryId
                    + "'"))
        .containsExactly(List.of(trino.readOnlyUser(), "lakehouse-operator", "FINISHED"));
  }

  @Test
  void everyKindOfValueReachesTheStatusAsText() {
    queries.create(
        query(
            "values",
            "SELECT CAST(NULL AS varchar) AS nothing, '' AS empty,"
                + " 'Zürich – 東京 🚀' AS unicode, X'00ff10' AS bytes,"
                + " CAST(ROW(1, 'a') AS row(n integer, s varchar)) AS pair,"
                + " MAP(ARRAY['k'], ARRAY[1]) AS dict, ARRAY[ARRAY[1, 2], NULL] AS nested,"
                + " JSON '{\"a\":[1,null]}' AS doc, CAST(1.5 AS real) AS r, nan() AS n,"
                + " infinity() AS inf, TIME '12:34:56.789' AS t,"
                + " UUID '12151fd2-7586-11e9-8f9e-2a86e4085a59' AS id,"
                + " INTERVAL '3' DAY AS gap, lpad('', 5000, 'x') AS long_text",
            s -> {}));

    QueryStatus status = awaitPhase("values", QueryPhase.Succeeded).getStatus();
    assertThat(status.columns)
        .extracting(c -> c.name + " " + c.type)
        .containsExactly(
            "nothing varchar",
            "empty varchar(0)",
            "unicode varchar(13)",
            "bytes varbinary",
            "pair row(n integer,s varchar)",
            "dict map(varchar(1),integer)",
            "nested array(array(integer))",
            "doc json",
            "r real",
            "n double",
            "inf double",
            "t time(3)",
            "id uuid",
            "gap interval day to second",
            "long_text varchar");
    assertThat(status.rows).hasSize(1);
    List<String> cells = status.rows.get(0);
    assertThat(cells.subList(0, 14))
        .containsExactly(
            null,
            "",
            "Zürich – 東京 🚀",
            "00ff10",
            "{n=1, s=a}",
            "{k=1}",
            "[[1, 2], null]",
            "{\"a\":[1,null]}",
            "1.5",
            "NaN",
            "Infinity",
            "12:34:56.789",
            "12151fd2-7586-11e9-8f9e-2a86e4085a59",
            "3 00:00:00.000");
    // A long cell is cut in the preview (the status stays small) and says so.
    assertThat(cells.get(14)).hasSize(4096 + 1).startsWith("xxxx").endsWith("…");
    assertThat(status.truncated).isTrue();
    assertThat(status.rowCount).isEqualTo(1);
  }

  @Test
  void maxRowsKeepsTheFirstRowsAndCountsThemAll() {
    queries.create(
        query(
            "top2",
            REPORT,
            s -> {
              s.schema = "raygun";
              s.maxRows = 2;
            }));

    QueryStatus status = awaitPhase("top2", QueryPhase.Succeeded).getStatus();
    assertThat(status.rows)
        .containsExactly(
            row("web-1", "3", "151", "9.24", "2026-11-22 23:59:59.999000", "true"),
            row("web-2", "2", "7", "100.00", "2026-11-21 08:30:00.500000", "true"));
    assertThat(status.truncated).isTrue();
    assertThat(status.rowCount).isEqualTo(4);
  }

  @Test
  void csvOutputHoldsTheWholeResultWithNullAsAnEmptyField() {
    queries.create(
        query("export-csv", EXPORT, s -> s.output = output("csv/", QueryOutput.Format.csv)));

    Query done = awaitPhase("export-csv", QueryPhase.Succeeded);
    QueryStatus status = done.getStatus();
    assertThat(status.output.format).isEqualTo(QueryOutput.Format.csv);
    String key = key(status.output.location);
    assertThat(key).matches("reports/raygun/csv/export-csv-\\d{8}T\\d{6}Z\\.csv");
    byte[] object = servers.s3().client().getObject(BUCKET, key);
    assertThat(status.output.bytes).isEqualTo(object.length);
    assertThat(new String(object, StandardCharsets.UTF_8))
        .isEqualTo(
            """
            id,host,hits,ratio,price,resolved,day,seen_at,seen_utc,tags
            1,web-1,120,0.5,12.50,true,2026-11-20,2026-11-20 10:15:30.123,2026-11-20 10:15:30.123 UTC,"[timeout, db]"
            2,web-1,30,0.125,3.99,false,2026-11-20,2026-11-20 11:00:00.000,2026-11-20 11:00:00.000 UTC,[db]
            3,web-2,7,1.75,100.00,true,2026-11-21,2026-11-21 08:30:00.500,2026-11-21 08:30:00.500 UTC,[auth]
            4,web-2,,,,,,,,
            5,"api, ""edge""\",42,2.0,0.01,false,2026-11-22,2026-11-22 00:00:00.001,2026-11-22 00:00:00.001 UTC,[]
            6,web-1,1,-0.5,-7.25,true,2026-11-22,2026-11-22 23:59:59.999,2026-11-22 23:59:59.999 UTC,"[x, null]"
            7,,5,0.0,1.00,false,2026-11-22,2026-11-22 12:00:00.000,2026-11-22 12:00:00.000 UTC,[y]
            """);
    // The status keeps its preview of the same result.
    assertThat(status.rowCount).isEqualTo(TABLE_ROWS);
    assertThat(status.rows).hasSize((int) TABLE_ROWS);
    assertThat(condition(done, ConditionTypes.COMPLETE).getMessage())
        .endsWith(", written to s3://" + BUCKET + "/" + key);
  }

  @Test
  void parquetOutputHoldsTypedValues() throws Exception {
    queries.create(
        query(
            "export-parquet",
            EXPORT,
            s -> s.output = output("parquet/", QueryOutput.Format.parquet)));

    QueryStatus status = awaitPhase("export-parquet", QueryPhase.Succeeded).getStatus();
    assertThat(status.output.format).isEqualTo(QueryOutput.Format.parquet);
    String key = key(status.output.location);
    assertThat(key).matches("reports/raygun/parquet/export-parquet-\\d{8}T\\d{6}Z\\.parquet");
    byte[] object = servers.s3().client().getObject(BUCKET, key);
    assertThat(status.output.bytes).isEqualTo(object.length);
    Path file = tmp.resolve("export.parquet");
    Files.write(file, object);

    MessageType schema;
    var input = HadoopInputFile.fromPath(hadoopPath(file), new Configuration(false));
    try (var reader = ParquetFileReader.open(input)) {
      assertThat(reader.getRecordCount()).isEqualTo(TABLE_ROWS);
      schema = reader.getFooter().getFileMetaData().getSchema();
    }
    assertThat(schema.getFields().stream().map(f -> f.getName()))
        .containsExactly(
            "id",
            "host",
            "hits",
            "ratio",
            "price",
            "resolved",
            "day",
            "seen_at",
            "seen_utc",
            "tags");
    assertThat(schema.getType("price").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.decimalType(2, 10));
    assertThat(schema.getType("day").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.dateType());
    assertThat(schema.getType("seen_at").getLogicalTypeAnnotation())
        .isEqualTo(
            LogicalTypeAnnotation.timestampType(false, LogicalTypeAnnotation.TimeUnit.MICROS));
    assertThat(schema.getType("seen_utc").getLogicalTypeAnnotation())
        .isEqualTo(
            LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS));

    List<List<Object>> rows = new ArrayList<>();
    try (ParquetReader<Group> reader =
        ParquetReader.builder(new GroupReadSupport(), hadoopPath(file))
            .withConf(new Configuration(false))
            .build()) {
      for (Group group = reader.read(); group != null; group = reader.read()) {
        rows.add(values(group, schema));
      }
    }
    assertThat(rows)
        .containsExactly(
            values(
                1,
                "web-1",
                120L,
                0.5,
                new BigDecimal("12.50"),
                true,
                LocalDate.of(2026, 11, 20),
                LocalDateTime.parse("2026-11-20T10:15:30.123"),
                Instant.parse("2026-11-20T10:15:30.123Z"),
                "[timeout, db]"),
            values(
                2,
                "web-1",
                30L,
                0.125,
                new BigDecimal("3.99"),
                false,
                LocalDate.of(2026, 11, 20),
                LocalDateTime.parse("2026-11-20T11:00:00"),
                Instant.parse("2026-11-20T11:00:00Z"),
                "[db]"),
            values(
                3,
                "web-2",
                7L,
                1.75,
                new BigDecimal("100.00"),
                true,
                LocalDate.of(2026, 11, 21),
                LocalDateTime.parse("2026-11-21T08:30:00.500"),
                Instant.parse("2026-11-21T08:30:00.500Z"),
                "[auth]"),
            values(4, "web-2", null, null, null, null, null, null, null, null),
            values(
                5,
                "api, \"edge\"",
                42L,
                2.0,
                new BigDecimal("0.01"),
                false,
                LocalDate.of(2026, 11, 22),
                LocalDateTime.parse("2026-11-22T00:00:00.001"),
                Instant.parse("2026-11-22T00:00:00.001Z"),
                "[]"),
            values(
                6,
                "web-1",
                1L,
                -0.5,
                new BigDecimal("-7.25"),
                true,
                LocalDate.of(2026, 11, 22),
                LocalDateTime.parse("2026-11-22T23:59:59.999"),
                Instant.parse("2026-11-22T23:59:59.999Z"),
                "[x, null]"),
            values(
                7,
                null,
                5L,
                0.0,
                new BigDecimal("1.00"),
                false,
                LocalDate.of(2026, 11, 22),
                LocalDateTime.parse("2026-11-22T12:00:00"),
                Instant.parse("2026-11-22T12:00:00Z"),
                "[y]"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "insert | INSERT INTO raygun.errors (id, host) VALUES (8, 'intruder')"
            + " | Access Denied: Cannot insert into table lakehouse.raygun.errors",
        "drop | DROP TABLE raygun.errors"
            + " | Access Denied: Cannot drop table lakehouse.raygun.errors",
        "register | CALL lakehouse.system.register_table(schema_name => 'raygun',"
            + " table_name => 'copy', table_location => 's3a://lakehouse/warehouse/raygun.db/copy')"
            + " | Access Denied: Cannot execute procedure lakehouse.system.register_table",
      })
  void theReadOnlyUserWritesNothing(String name, String sql, String denied) {
    queries.create(query("write-" + name, sql, s -> {}));

    Query failed = awaitPhase("write-" + name, QueryPhase.Failed);
    QueryStatus status = failed.getStatus();
    assertThat(status.error).contains(denied);
    assertThat(status.trinoQueryId).matches("\\d{8}_\\d{6}_\\d{5}_\\w{5}");
    Condition condition = condition(failed, ConditionTypes.FAILED);
    assertThat(condition.getStatus()).isEqualTo("True");
    assertThat(condition.getReason()).isEqualTo("TrinoError");
    assertThat(condition(failed, ConditionTypes.COMPLETE).getStatus()).isEqualTo("False");
    Event event =
        await()
            .atMost(WAIT)
            .until(() -> event("write-" + name, "QueryFailed"), Optional::isPresent)
            .orElseThrow();
    assertThat(event.getType()).isEqualTo("Warning");
    assertThat(event.getMessage()).contains(denied);

    assertThat(admin("SELECT count(*) FROM " + TABLE)).containsExactly(List.of(TABLE_ROWS));
    assertThat(admin("SHOW TABLES FROM lakehouse.raygun")).containsExactly(List.of("errors"));
  }

  @Test
  void aNewSpecCancelsTheRunningTrinoQueryAndRunsTheNewSql() {
    queries.create(query("edited", longQuery("edited"), s -> {}));
    awaitPhase("edited", QueryPhase.Running);
    String old = awaitTrinoQuery("edited", "RUNNING");

    queries.edit("edited", q -> q.getSpec().sql = "SELECT count(*) AS errors FROM raygun.errors");

    awaitTrinoQueryState(old, "FAILED");
    assertThat(trinoQuery(old)).containsExactly("FAILED", "USER_CANCELED");
    Query done =
        queries.awaitStatus(
            "edited",
            s -> s.phase == QueryPhase.Succeeded && Long.valueOf(2).equals(s.observedGeneration));
    assertThat(done.getStatus().rows).containsExactly(row("7"));
    assertThat(done.getStatus().trinoQueryId).isNotEqualTo(old);
    await()
        .atMost(WAIT)
        .until(
            () ->
                messages("edited", "QueryCancelled")
                    .contains("cancelled the run of generation 1 in Trino: the spec changed"));
  }

  @Test
  void deletingAQueryCancelsItsTrinoQuery() {
    queries.create(query("dropped", longQuery("dropped"), s -> {}));
    awaitPhase("dropped", QueryPhase.Running);
    String running = awaitTrinoQuery("dropped", "RUNNING");

    client.resources(Query.class).inNamespace(ns).withName("dropped").delete();

    await().atMost(WAIT).until(() -> queries.get("dropped") == null);
    awaitTrinoQueryState(running, "FAILED");
    assertThat(trinoQuery(running)).containsExactly("FAILED", "USER_CANCELED");
  }

  @Test
  void aTimeoutFailsTheQueryWithTrinosMessage() {
    queries.create(query("slow", longQuery("slow"), s -> s.timeoutSeconds = 3));

    Query failed = awaitPhase("slow", QueryPhase.Failed);
    assertThat(condition(failed, ConditionTypes.FAILED).getReason()).isEqualTo("TimedOut");
    assertThat(failed.getStatus().error).contains("Query exceeded maximum time limit of 3.00s");
    String id = failed.getStatus().trinoQueryId;
    assertThat(id).matches("\\d{8}_\\d{6}_\\d{5}_\\w{5}");
    assertThat(trinoQuery(id)).containsExactly("FAILED", "EXCEEDED_TIME_LIMIT");
    await().atMost(WAIT).until(() -> event("slow", "QueryFailed").isPresent());
  }

  @Test
  void aMissingTableFailsWithTrinosMessage() {
    queries.create(query("missing", "SELECT * FROM raygun.missing", s -> {}));

    Query failed = awaitPhase("missing", QueryPhase.Failed);
    assertThat(failed.getStatus().error)
        .contains("Table 'lakehouse.raygun.missing' does not exist");
    assertThat(condition(failed, ConditionTypes.FAILED).getReason()).isEqualTo("TrinoError");
  }

  // --- Trino

  private List<List<Object>> admin(String sql) {
    return trino.client().execute(trino.adminUser(), sql);
  }

  /**
   * Runs for hours on any machine: a trillion rows, each filtered. The marker comment finds it in
   * {@code system.runtime.queries}.
   */
  static String longQuery(String marker) {
    return "/* "
        + marker
        + " */ SELECT count(*) AS n FROM UNNEST(sequence(1, 10000)) a (x)"
        + " CROSS JOIN UNNEST(sequence(1, 10000)) b (y)"
        + " CROSS JOIN UNNEST(sequence(1, 10000)) c (z)"
        + " WHERE (x * y + z) % 7 = 3";
  }

  /** The id of the read-only user's query marked {@code marker}, once it is in {@code state}. */
  private String awaitTrinoQuery(String marker, String state) {
    String sql =
        "SELECT query_id FROM system.runtime.queries WHERE user = '"
            + trino.readOnlyUser()
            + "' AND state = '"
            + state
            + "' AND query LIKE '/* "
            + marker
            + " */%'";
    return (String)
        await().atMost(WAIT).until(() -> admin(sql), rows -> rows.size() == 1).get(0).get(0);
  }

  private void awaitTrinoQueryState(String queryId, String state) {
    await().atMost(WAIT).until(() -> trinoQuery(queryId).get(0), state::equals);
  }

  /** State and error code of a query, as {@code system.runtime.queries} shows them. */
  private List<Object> trinoQuery(String queryId) {
    return admin(
            "SELECT state, error_code FROM system.runtime.queries WHERE query_id = '"
                + queryId
                + "'")
        .get(0);
  }

  // --- Queries

  Query query(String name, String sql, Consumer<QuerySpec> customize) {
    Query query = new Query();
    query.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
    QuerySpec spec = new QuerySpec();
    spec.lakehouse = "demo";
    spec.sql = sql;
    customize.accept(spec);
    query.setSpec(spec);
    return query;
  }

  static QueryOutput output(String folder, QueryOutput.Format format) {
    QueryOutput output = new QueryOutput();
    output.path = "reports/raygun/" + folder;
    output.format = format;
    return output;
  }

  /** The object key of an {@code s3://BUCKET/KEY} location. */
  static String key(String location) {
    assertThat(location).startsWith("s3://" + BUCKET + "/");
    return location.substring(("s3://" + BUCKET + "/").length());
  }

  /** A status row; cells may be null. */
  static List<String> row(String... cells) {
    return Arrays.asList(cells);
  }

  private Query awaitPhase(String name, QueryPhase phase) {
    return queries.awaitStatus(name, s -> s.phase == phase);
  }

  private static Condition condition(Query query, String type) {
    return Conditions.find(query.getStatus().conditions, type).orElseThrow();
  }

  private List<Event> events(String name) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .filter(e -> "Query".equals(e.getInvolvedObject().getKind()))
        .toList();
  }

  private Optional<Event> event(String name, String reason) {
    return events(name).stream().filter(e -> reason.equals(e.getReason())).findFirst();
  }

  private List<String> reasons(String name) {
    return events(name).stream().map(Event::getReason).toList();
  }

  private List<String> messages(String name, String reason) {
    return events(name).stream()
        .filter(e -> reason.equals(e.getReason()))
        .map(Event::getMessage)
        .toList();
  }

  // --- Parquet

  private static org.apache.hadoop.fs.Path hadoopPath(Path file) {
    return new org.apache.hadoop.fs.Path(file.toUri());
  }

  static List<Object> values(Object... values) {
    return Arrays.asList(values);
  }

  /** A record's values as Java values, read as its column's Parquet type says. */
  private static List<Object> values(Group group, MessageType schema) {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < schema.getFieldCount(); i++) {
      values.add(group.getFieldRepetitionCount(i) == 0 ? null : value(group, i, schema));
    }
    return values;
  }

  private static Object value(Group group, int field, MessageType schema) {
    PrimitiveType type = schema.getType(field).asPrimitiveType();
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    return switch (type.getPrimitiveTypeName()) {
      case BOOLEAN -> group.getBoolean(field, 0);
      case DOUBLE -> group.getDouble(field, 0);
      case INT32 ->
          logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation
              ? LocalDate.ofEpochDay(group.getInteger(field, 0))
              : (Object) group.getInteger(field, 0);
      case INT64 -> {
        long value = group.getLong(field, 0);
        if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation timestamp) {
          Instant instant = Instant.EPOCH.plus(value, ChronoUnit.MICROS);
          yield timestamp.isAdjustedToUTC()
              ? instant
              : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        }
        yield value;
      }
      case BINARY ->
          logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal
              ? new BigDecimal(
                  new BigInteger(group.getBinary(field, 0).getBytes()), decimal.getScale())
              : group.getString(field, 0);
      default -> throw new AssertionError("unexpected column type " + type);
    };
  }

  // --- the Lakehouse

  private void createLakehouse() {
    assertThat(Lakehouses.demo(DemoLakehouse.NAME, ns).getSpec().storage.bucket).isEqualTo(BUCKET);
    DemoLakehouse.create(client, ns);
  }

  private void makeLakehouseReady() {
    DemoLakehouse.makeReady(cluster);
  }
}
