package dev.lakehouse.jobs.engine;

import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.api.dataset.DatasetSpec;
import dev.lakehouse.api.dataset.Expectation;
import dev.lakehouse.api.dataset.Layer;
import dev.lakehouse.api.dataset.SchemaEvolution;
import dev.lakehouse.api.dataset.TableRef;
import dev.lakehouse.api.dataset.TransformSpec;
import dev.lakehouse.api.dataset.WriteSpec;
import dev.lakehouse.api.run.Checkpoint;
import dev.lakehouse.api.run.RunMode;
import dev.lakehouse.checkpoint.LocalCheckpointStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestionEngineTest {
  @TempDir static Path shared;
  static SparkSession spark;

  Path bucket;
  Storage storage;
  List<String> warnings = new ArrayList<>();
  IngestionEngine engine;

  @BeforeAll
  static void startSpark() {
    spark = EngineFixture.spark(shared.resolve("spark-warehouse"));
  }

  @BeforeEach
  void bucket(@TempDir Path temp) {
    bucket = temp.resolve("bucket");
    storage = new Storage(bucket.toUri().toString());
    engine =
        new IngestionEngine(
            spark,
            new IngestionEngine.Listener() {
              @Override
              public void warning(IngestionEngine.Request request, String message) {
                warnings.add(message);
              }
            });
  }

  IngestionEngine.Request request(String runId, DatasetSpec dataset, int batchSize) {
    return new IngestionEngine.Request(
        runId, runId, "events", dataset, EngineFixture.run(batchSize), storage);
  }

  LocalCheckpointStore store(String runId) {
    return new LocalCheckpointStore(bucket.resolveSibling("state").resolve(runId + ".json"));
  }

  String table(DatasetSpec dataset) {
    return storage.tableLocation(dataset.table);
  }

  List<Long> ids(DatasetSpec dataset) {
    return spark
        .read()
        .format("delta")
        .load(table(dataset))
        .select("id")
        .orderBy("id")
        .collectAsList()
        .stream()
        .map(r -> ((Number) r.get(0)).longValue())
        .toList();
  }

  @Test
  void ingestsEveryFileInBatchesWithACheckpointAfterEach() throws IOException {
    EngineFixture.writeEvents(bucket.resolve("landing/events"), 0, 25);
    DatasetSpec dataset = EngineFixture.jsonDataset("events_a", "landing/events/", true);

    Checkpoint checkpoint = engine.ingest(request("run-1", dataset, 10), store("run-1"));

    assertThat(checkpoint.batchesTotal).isEqualTo(3);
    assertThat(checkpoint.batchesCommitted).isEqualTo(3);
    assertThat(checkpoint.filesIngested).isEqualTo(25);
    assertThat(checkpoint.rowsWritten).isEqualTo(25);
    assertThat(checkpoint.rowsRejected).isZero();
    assertThat(checkpoint.manifest.sha256).hasSize(64);
    assertThat(store("run-1").load())
        .get()
        .satisfies(c -> assertThat(c.batchesCommitted).isEqualTo(3));
    assertThat(ids(dataset)).containsExactlyElementsOf(range(0, 25));
    assertThat(spark.sql("SELECT count(*) FROM bronze.events_a").first().getLong(0)).isEqualTo(25);
    Row row =
        spark.sql("SELECT device.firmware, _source_file FROM bronze.events_a WHERE id = 4").first();
    assertThat(row.getString(0)).isEqualTo("1.1");
    assertThat(row.getString(1)).endsWith("event-00004.json");
  }

  @Test
  void theFinalCheckpointRecordsTheTableFacts() throws IOException {
    Path landing = bucket.resolve("landing/events");
    EngineFixture.writeEvents(landing, 0, 12);
    DatasetSpec dataset = EngineFixture.jsonDataset("events_facts", "landing/events/", true);

    Checkpoint done = engine.ingest(request("run-1", dataset, 5), store("run-1"));

    assertThat(done.table).isNotNull();
    assertThat(done.table.location).isEqualTo(table(dataset));
    assertThat(done.table.rowCount).isEqualTo(12);
    assertThat(done.table.columns)
        .extracting(c -> c.name + " " + c.type)
        .containsExactly(
            "device struct<firmware:string,kind:string>",
            "id bigint",
            "ip string",
            "_source_file string",
            "_ingested_at timestamp",
            "_rescued_data string");
    // saved, not only returned: the operator reads them from the run's status
    assertThat(store("run-1").load().orElseThrow().table.rowCount).isEqualTo(12);

    // A later run describes the table as it is then, its new column included.
    Files.writeString(
        landing.resolve("event-99999.json"),
        "{\"id\": 99999, \"ip\": \"10.0.0.9\", \"user-agent\": \"curl\", \"zone\": \"eu\"}");
    Checkpoint second = engine.ingest(request("run-2", dataset, 5), store("run-2"));
    assertThat(second.table.rowCount).isEqualTo(13);
    assertThat(second.table.columns).extracting(c -> c.name).contains("zone");
    // a name the status schema refuses is left out, with a warning, rather than fail the save
    assertThat(second.table.columns).extracting(c -> c.name).doesNotContain("user-agent");
    assertThat(warnings).anyMatch(w -> w.startsWith("column \"user-agent\" is left out"));
  }

  @Test
  void aRunThatCommittedNothingHasNoTableToDescribe() throws IOException {
    Files.createDirectories(bucket.resolve("landing/events"));
    DatasetSpec dataset = EngineFixture.jsonDataset("events_none", "landing/events/", true);

    Checkpoint done = engine.ingest(request("run-1", dataset, 5), store("run-1"));

    assertThat(done.batchesTotal).isZero();
    assertThat(done.table).isNull();
  }

  @Test
  void aFinishedRunCommitsNothingMore() throws IOException {
    EngineFixture.writeEvents(bucket.resolve("landing/events"), 0, 12);
    DatasetSpec dataset = EngineFixture.jsonDataset("events_b", "landing/events/", true);
    engine.ingest(request("run-1", dataset, 5), store("run-1"));
    long version = DeltaCommits.version(spark, table(dataset));

    Checkpoint again = engine.ingest(request("run-1", dataset, 5), store("run-1"));

    assertThat(DeltaCommits.version(spark, table(dataset))).isEqualTo(version);
    assertThat(again.batchesCommitted).isEqualTo(3);
    assertThat(ids(dataset)).hasSize(12);
  }

  @Test
  void aLostCheckpointIsRebuiltFromDeltaWithoutDuplicates() throws IOException {
    EngineFixture.writeEvents(bucket.resolve("landing/events"), 0, 12);
    DatasetSpec dataset = EngineFixture.jsonDataset("events_c", "landing/events/", true);
    Checkpoint first = engine.ingest(request("run-1", dataset, 5), store("run-1"));
    Files.delete(store("run-1").file());

    Checkpoint rebuilt = engine.ingest(request("run-1", dataset, 5), store("run-1"));

    assertThat(ids(dataset)).containsExactlyElementsOf(range(0, 12));
    assertThat(rebuilt.batchesCommitted).isEqualTo(3);
    assertThat(rebuilt.rowsWritten).isEqualTo(first.rowsWritten);
    assertThat(rebuilt.filesIngested).isEqualTo(first.filesIngested);
    assertThat(rebuilt.deltaVersion).isEqualTo(first.deltaVersion);
  }

  @Test
  void anIncrementalRunIngestsOnlyNewFiles() throws IOException {
    Path landing = bucket.resolve("landing/events");
    EngineFixture.writeEvents(landing, 0, 10);
    DatasetSpec dataset = EngineFixture.jsonDataset("events_d", "landing/events/", true);
    engine.ingest(request("run-1", dataset, 4), store("run-1"));
    EngineFixture.writeEvents(landing, 10, 16);

    Checkpoint second = engine.ingest(request("run-2", dataset, 4), store("run-2"));

    assertThat(second.filesTotal).isEqualTo(6);
    assertThat(second.rowsWritten).isEqualTo(6);
    assertThat(ids(dataset)).containsExactlyElementsOf(range(0, 16));
    Checkpoint third = engine.ingest(request("run-3", dataset, 4), store("run-3"));
    assertThat(third.filesTotal).isZero();
    assertThat(third.batchesTotal).isZero();
  }

  @Test
  void aFullRunRebuildsTheTable() throws IOException {
    Path landing = bucket.resolve("landing/events");
    EngineFixture.writeEvents(landing, 0, 6);
    DatasetSpec dataset = EngineFixture.jsonDataset("events_e", "landing/events/", true);
    engine.ingest(request("run-1", dataset, 4), store("run-1"));
    Files.delete(landing.resolve("event-00000.json"));

    var full = request("run-2", dataset, 4);
    full.run().mode = RunMode.full;
    engine.ingest(full, store("run-2"));

    assertThat(ids(dataset)).containsExactlyElementsOf(range(1, 6));
  }

  @Test
  void junkAndBadRecordsAreSkippedOrQuarantinedWithReasons() throws IOException {
    Path landing = bucket.resolve("landing/events");
    EngineFixture.writeEvents(landing, 0, 5);
    Files.writeString(landing.resolve("empty.json"), "");
    Files.createDirectories(landing.resolve("__MACOSX"));
    Files.writeString(landing.resolve("__MACOSX/._event-00001.json"), "resource fork");
    Files.write(landing.resolve("photo.json"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1, 2});
    Files.writeString(landing.resolve("truncated.json"), "{\"id\": 99, \"ip\": ");
    Files.writeString(
        landing.resolve("no-ip.json"), "{\"id\": 100, \"device\": {\"kind\": \"sensor\"}}");
    DatasetSpec dataset = EngineFixture.jsonDataset("events_f", "landing/events/", true);
    dataset.expectations =
        List.of(
            EngineFixture.expectation("has_ip", "ip IS NOT NULL", Expectation.Action.quarantine));

    Checkpoint checkpoint = engine.ingest(request("run-1", dataset, 3), store("run-1"));

    assertThat(checkpoint.filesSkipped).isEqualTo(2);
    assertThat(checkpoint.filesIngested).isEqualTo(8);
    assertThat(checkpoint.rowsWritten).isEqualTo(5);
    assertThat(checkpoint.rowsRejected).isEqualTo(3);
    assertThat(ids(dataset)).containsExactlyElementsOf(range(0, 5));
    var reasons =
        spark
            .sql("SELECT _source_file, _reason FROM bronze.events_f_quarantine")
            .collectAsList()
            .stream()
            .collect(
                Collectors.toMap(
                    r -> Path.of(r.getString(0).replace("file:", "")).getFileName().toString(),
                    r -> r.getString(1)));
    assertThat(reasons).containsOnlyKeys("photo.json", "truncated.json", "no-ip.json");
    assertThat(reasons.get("photo.json")).contains("binary");
    assertThat(reasons.get("truncated.json")).contains("malformed JSON");
    assertThat(reasons.get("no-ip.json")).contains("expectation has_ip failed");
  }

  @Test
  void tooManyRejectedRowsFailTheRunNamingTheFiles() throws IOException {
    Path landing = bucket.resolve("landing/events");
    EngineFixture.writeEvents(landing, 0, 3);
    Files.writeString(landing.resolve("z-bad-1.json"), "not json");
    Files.writeString(landing.resolve("z-bad-2.json"), "{broken");
    DatasetSpec dataset = EngineFixture.jsonDataset("events_g", "landing/events/", true);
    dataset.maxRejectedFraction = "0.1";

    assertThatThrownBy(() -> engine.ingest(request("run-1", dataset, 10), store("run-1")))
        .isInstanceOf(RunFailure.class)
        .hasMessageContaining("2 of 5 rows")
        .hasMessageContaining("maxRejectedFraction 0.1")
        .hasMessageContaining("z-bad-1.json")
        .hasMessageContaining("z-bad-2.json");
    assertThat(DeltaCommits.exists(spark, table(dataset))).isFalse();
  }

  @Test
  void failExpectationsStopTheRunBeforeTheBatchCommits() throws IOException {
    EngineFixture.writeEvents(bucket.resolve("landing/events"), 0, 4);
    DatasetSpec dataset = EngineFixture.jsonDataset("events_h", "landing/events/", true);
    dataset.expectations =
        List.of(
            EngineFixture.expectation("small_ids", "id < 3", Expectation.Action.fail),
            EngineFixture.expectation(
                "known_kind", "device.kind = 'phone'", Expectation.Action.warn));

    assertThatThrownBy(() -> engine.ingest(request("run-1", dataset, 10), store("run-1")))
        .hasMessageContaining("expectation small_ids (onViolation: fail) is violated by 1 rows")
        .hasMessageContaining("event-00003.json");
  }

  @Test
  void newFieldsFollowTheSchemaPolicy() throws IOException {
    Path landing = bucket.resolve("landing/events");
    EngineFixture.writeEvents(landing, 0, 3);
    DatasetSpec added = EngineFixture.jsonDataset("events_i", "landing/events/", true);
    DatasetSpec rescued = EngineFixture.jsonDataset("events_j", "landing/events/", true);
    rescued.schemaEvolution = SchemaEvolution.rescue;
    DatasetSpec refused = EngineFixture.jsonDataset("events_k", "landing/events/", true);
    refused.schemaEvolution = SchemaEvolution.fail;
    for (DatasetSpec dataset : List.of(added, rescued, refused)) {
      engine.ingest(request("run-1", dataset, 10), store(dataset.table.name + "-1"));
    }
    Files.writeString(
        landing.resolve("event-00100.json"),
        "{\"id\": 100, \"ip\": \"10.0.0.9\", \"battery\": 87}");

    engine.ingest(request("run-2", added, 10), store("events_i-2"));
    engine.ingest(request("run-2", rescued, 10), store("events_j-2"));

    assertThat(
            spark
                .read()
                .format("delta")
                .load(table(added))
                .filter("id = 100")
                .select("battery")
                .first()
                .getLong(0))
        .isEqualTo(87);
    assertThat(spark.read().format("delta").load(table(rescued)).columns())
        .doesNotContain("battery");
    assertThat(
            spark
                .read()
                .format("delta")
                .load(table(rescued))
                .filter("id = 100")
                .select("_rescued_data")
                .first()
                .getString(0))
        .contains("\"battery\":\"87\"");
    assertThatThrownBy(() -> engine.ingest(request("run-2", refused, 10), store("events_k-2")))
        .hasMessageContaining("schemaEvolution: fail")
        .hasMessageContaining("battery");
  }

  @Test
  void aFieldOutsideTheSampledSchemaIsRescuedNotLost() throws IOException {
    Path landing = bucket.resolve("landing/events");
    EngineFixture.writeEvents(landing, 0, 3);
    DatasetSpec dataset = EngineFixture.jsonDataset("events_l", "landing/events/", true);
    dataset.columns =
        List.of(
            new dev.lakehouse.api.common.Column("id", "bigint"),
            new dev.lakehouse.api.common.Column("ip", "string"));

    engine.ingest(request("run-1", dataset, 10), store("run-1"));

    var rescued =
        spark
            .read()
            .format("delta")
            .load(table(dataset))
            .filter("id = 1")
            .select("_rescued_data")
            .first()
            .getString(0);
    assertThat(rescued).contains("device").contains("firmware");
  }

  @Test
  void mergeReplacesRowsByKey() throws IOException {
    Path landing = bucket.resolve("landing/events");
    EngineFixture.writeEvents(landing, 0, 3);
    DatasetSpec dataset = EngineFixture.jsonDataset("events_m", "landing/events/", true);
    dataset.write = new WriteSpec();
    dataset.write.mode = WriteSpec.Mode.merge;
    dataset.write.mergeKeys = List.of("id");
    engine.ingest(request("run-1", dataset, 10), store("run-1"));
    Files.writeString(
        landing.resolve("event-update.json"),
        "{\"id\": 1, \"ip\": \"192.168.1.1\"}",
        StandardCharsets.UTF_8);

    engine.ingest(request("run-2", dataset, 10), store("run-2"));

    assertThat(ids(dataset)).containsExactly(0L, 1L, 2L);
    assertThat(
            spark
                .read()
                .format("delta")
                .load(table(dataset))
                .filter("id = 1")
                .select("ip")
                .first()
                .getString(0))
        .isEqualTo("192.168.1.1");
  }

  /** A gold Dataset over bronze.{table}: ip and the number of its events. */
  DatasetSpec ipCounts(String table, String source) {
    DatasetSpec gold = new DatasetSpec();
    gold.lakehouse = "demo";
    gold.layer = Layer.gold;
    gold.table = new TableRef("gold", table);
    gold.transform = new TransformSpec();
    gold.transform.upstream = List.of("events");
    gold.transform.sql = "SELECT ip, count(*) AS events FROM " + source + " GROUP BY ip";
    return gold;
  }

  /** Events 0..3 ingested into bronze.{table} by run bronze-1. */
  DatasetSpec ingestedEvents(String table) throws IOException {
    EngineFixture.writeEvents(bucket.resolve("landing/events"), 0, 4);
    DatasetSpec bronze = EngineFixture.jsonDataset(table, "landing/events/", true);
    engine.ingest(request("bronze-1", bronze, 10), store("bronze-1"));
    return bronze;
  }

  @Test
  void aTransformWithoutAWriteModeRecomputesTheTableEachRun() throws IOException {
    DatasetSpec bronze = ingestedEvents("events_t");
    DatasetSpec gold = ipCounts("ip_counts_t", "bronze.events_t");
    engine.ingest(request("gold-1", gold, 10), store("gold-1"));
    EngineFixture.writeEvents(bucket.resolve("landing/events"), 4, 6);
    engine.ingest(request("bronze-2", bronze, 10), store("bronze-2"));

    engine.ingest(request("gold-2", gold, 10), store("gold-2"));

    // Appending the SELECT again would count each ip twice over.
    long total =
        spark.read().format("delta").load(table(gold)).agg(sum("events")).first().getLong(0);
    assertThat(total).isEqualTo(6);
    assertThat(gold.writeMode()).isEqualTo(WriteSpec.Mode.overwrite);
    assertThat(bronze.writeMode()).isEqualTo(WriteSpec.Mode.append);
  }

  @Test
  void aMergeTransformMergesOnItsSecondRunAndRefusesTwoRowsForOneKey() throws IOException {
    ingestedEvents("events_mt");
    DatasetSpec gold = ipCounts("ip_counts_mt", "bronze.events_mt");
    gold.write = new WriteSpec();
    gold.write.mode = WriteSpec.Mode.merge;
    gold.write.mergeKeys = List.of("ip");
    engine.ingest(request("gold-1", gold, 10), store("gold-1"));

    // The transform's rows carry no _source_file: the second run merges all the same.
    engine.ingest(request("gold-2", gold, 10), store("gold-2"));
    assertThat(spark.read().format("delta").load(table(gold)).count())
        .isEqualTo(spark.sql("SELECT DISTINCT ip FROM bronze.events_mt").count());

    gold.transform.sql = "SELECT 'all' AS ip, id AS events FROM bronze.events_mt";
    assertThatThrownBy(() -> engine.ingest(request("gold-3", gold, 10), store("gold-3")))
        .isInstanceOf(RunFailure.class)
        .hasMessageContaining("gives 4 different rows for merge key ip = all")
        .hasMessageContaining("keep one in the SQL");
  }

  @Test
  void jsonLinesAndCsvAndParquetSources() throws IOException {
    Path lines = bucket.resolve("landing/lines");
    Files.createDirectories(lines);
    Files.writeString(
        lines.resolve("part-1.json"),
        "{\"id\": 1, \"ip\": \"a\"}\n\n{\"id\": 2, \"ip\": \"b\"}\n{oops\n");
    DatasetSpec jsonLines = EngineFixture.jsonDataset("lines", "landing/lines/", false);
    Checkpoint fromLines = engine.ingest(request("run-1", jsonLines, 10), store("lines"));
    assertThat(fromLines.rowsWritten).isEqualTo(2);
    assertThat(fromLines.rowsRejected).isEqualTo(1);

    Path csv = bucket.resolve("landing/csv");
    Files.createDirectories(csv);
    Files.writeString(csv.resolve("a.csv"), "id,ip\n1,x\n2,y\n");
    DatasetSpec csvDataset = EngineFixture.jsonDataset("csv", "landing/csv/", false);
    csvDataset.source.files.format = dev.lakehouse.api.dataset.FileFormat.csv;
    csvDataset.source.files.multiLine = null;
    Checkpoint fromCsv = engine.ingest(request("run-1", csvDataset, 10), store("csv"));
    assertThat(fromCsv.rowsWritten).isEqualTo(2);
    assertThat(ids(csvDataset)).containsExactly(1L, 2L);

    Path parquet = bucket.resolve("landing/parquet");
    spark
        .read()
        .format("delta")
        .load(table(csvDataset))
        .select("id", "ip")
        .coalesce(1)
        .write()
        .parquet(parquet.resolve("batch").toString());
    Files.writeString(parquet.resolve("batch/corrupt.parquet"), "PAR1 this is not parquet");
    DatasetSpec parquetDataset = EngineFixture.jsonDataset("pq", "landing/parquet/", false);
    parquetDataset.source.files.format = dev.lakehouse.api.dataset.FileFormat.parquet;
    parquetDataset.source.files.multiLine = null;
    parquetDataset.source.files.include = List.of("*.parquet");
    Checkpoint fromParquet = engine.ingest(request("run-1", parquetDataset, 10), store("pq"));
    assertThat(fromParquet.rowsWritten).isEqualTo(2);
    assertThat(fromParquet.rowsRejected).isEqualTo(1);
  }

  static List<Long> range(long from, long to) {
    List<Long> values = new ArrayList<>();
    for (long i = from; i < to; i++) {
      values.add(i);
    }
    return values;
  }
}
