package dev.lakehouse.jobs.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.dataset.TableRef;
import dev.lakehouse.jobs.engine.Catalog;
import dev.lakehouse.jobs.engine.EngineFixtureAccess;
import dev.lakehouse.jobs.engine.Storage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableDropperTest {
  @TempDir static Path shared;

  final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  TableDropper dropper(SparkSession spark) {
    return new TableDropper(spark, new PrintStream(printed, true, StandardCharsets.UTF_8));
  }

  void createTable(SparkSession spark, Storage storage, TableRef table) {
    String location = storage.tableLocation(table);
    spark.range(5).write().format("delta").mode(SaveMode.Overwrite).save(location);
    Catalog.register(spark, table, location);
  }

  @Test
  void dropsTheTableAndItsQuarantineFromTheCatalogAndStorage(@TempDir Path bucket)
      throws Exception {
    SparkSession spark = EngineFixtureAccess.spark(shared.resolve("spark-warehouse"));
    Storage storage = new Storage(bucket.toUri().toString());
    TableRef table = new TableRef("bronze", "dropped_events");
    TableRef quarantine = Storage.quarantineTable(table);
    createTable(spark, storage, table);
    createTable(spark, storage, quarantine);
    assertThat(spark.table("bronze.dropped_events").count()).isEqualTo(5);

    dropper(spark).drop(table, storage);

    assertThat(spark.catalog().tableExists("bronze", "dropped_events")).isFalse();
    assertThat(spark.catalog().tableExists("bronze", "dropped_events_quarantine")).isFalse();
    assertThat(bucket.resolve("warehouse/bronze/dropped_events")).doesNotExist();
    assertThat(bucket.resolve("warehouse/bronze/dropped_events_quarantine")).doesNotExist();
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("[bronze.dropped_events] dropped from the catalog")
        .containsPattern(
            "\\[bronze.dropped_events\\] deleted \\d+ files at "
                + java.util.regex.Pattern.quote(storage.tableLocation(table))
                + "\n")
        .contains("[bronze.dropped_events_quarantine] dropped from the catalog");

    // A table of the same name starts afresh: no stale Delta log is remembered.
    createTable(spark, storage, table);
    assertThat(spark.table("bronze.dropped_events").count()).isEqualTo(5);
    dropper(spark).drop(table, storage);
  }

  @Test
  void aTableThatIsNotThereIsFine(@TempDir Path bucket) throws Exception {
    SparkSession spark = EngineFixtureAccess.spark(shared.resolve("spark-warehouse"));
    Storage storage = new Storage(bucket.toUri().toString());

    dropper(spark).drop(new TableRef("no_such_schema", "never_created"), storage);
    dropper(spark).drop(new TableRef("bronze", "never_created"), storage);

    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("[no_such_schema.never_created] not in the catalog (already dropped)")
        .contains("[no_such_schema.never_created] nothing to delete at")
        .contains("[bronze.never_created_quarantine] nothing to delete at");
  }
}
