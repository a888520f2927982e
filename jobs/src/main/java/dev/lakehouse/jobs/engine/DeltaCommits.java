package dev.lakehouse.jobs.engine;

import dev.lakehouse.api.common.Column;
import dev.lakehouse.api.run.Checkpoint;
import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.types.StructField;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * What Delta's log says about a table: whether it exists, its version, its transaction ids, its
 * columns and rows.
 */
public final class DeltaCommits {
  /** What the IngestionRun CRD accepts for a column in {@code status.checkpoint.table}. */
  private static final Pattern STATUS_COLUMN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

  private static final int MAX_STATUS_TYPE_LENGTH = 4096;

  private DeltaCommits() {}

  /**
   * Whether the table has a commit, read from its log now. {@link DeltaTable#isDeltaTable} answers
   * from the snapshot cached when the JVM first met the log: a log folder first seen empty (its
   * writer killed before the first commit) stays "no table" there however much is committed later.
   * Reading it here also refreshes that snapshot for {@link DeltaTable#forPath}.
   */
  public static boolean exists(SparkSession spark, String location) {
    return snapshot(spark, location).version() >= 0;
  }

  /** Forgets the cached log of a table whose files were deleted, so a new one starts clean. */
  public static void forget(SparkSession spark, String location) {
    DeltaLog.invalidateCache(spark, new org.apache.hadoop.fs.Path(location));
  }

  private static Snapshot snapshot(SparkSession spark, String location) {
    return DeltaLog.forTable(spark, location).update(false, Option.empty(), Option.empty());
  }

  public static long version(SparkSession spark, String location) {
    return snapshot(spark, location).version();
  }

  /**
   * The table's location, columns and row count at its latest version, or empty when nothing was
   * ever committed there. The count is pinned to the snapshot read for the columns; Delta answers
   * it from the files' statistics without reading data when they carry row counts.
   *
   * <p>A column the IngestionRun status schema cannot hold (a name outside {@code
   * [A-Za-z_][A-Za-z0-9_]*}, or a type longer than 4096 characters) is reported through {@code
   * warning} and left out rather than have the API server refuse the whole checkpoint.
   */
  public static Optional<Checkpoint.TableFacts> tableFacts(
      SparkSession spark, String location, Consumer<String> warning) {
    Snapshot snapshot = snapshot(spark, location);
    if (snapshot.version() < 0) {
      return Optional.empty();
    }
    Checkpoint.TableFacts facts = new Checkpoint.TableFacts();
    facts.location = location;
    facts.columns = new ArrayList<>();
    for (StructField field : snapshot.schema().fields()) {
      String type = field.dataType().simpleString();
      if (!STATUS_COLUMN_NAME.matcher(field.name()).matches()) {
        warning.accept(
            "column \""
                + field.name()
                + "\" is left out of the run's table facts: the status only takes names like"
                + " [A-Za-z_][A-Za-z0-9_]* of up to 128 characters");
      } else if (type.length() > MAX_STATUS_TYPE_LENGTH) {
        warning.accept(
            "column "
                + field.name()
                + " is left out of the run's table facts: its type has "
                + type.length()
                + " characters, more than the status takes");
      } else {
        facts.columns.add(new Column(field.name(), type));
      }
    }
    facts.rowCount =
        spark
            .read()
            .format("delta")
            .option("versionAsOf", snapshot.version())
            .load(location)
            .count();
    return Optional.of(facts);
  }

  /**
   * The last batch index committed per run id (txnAppId -> txnVersion). Batches commit in order, so
   * version v means batches 0..v are in the table.
   */
  public static Map<String, Long> committedBatches(SparkSession spark, String location) {
    if (!exists(spark, location)) {
      return Map.of();
    }
    Map<String, Long> result = new HashMap<>();
    JavaConverters.mapAsJavaMap(snapshot(spark, location).transactions())
        .forEach((appId, version) -> result.put(appId, ((Number) version).longValue()));
    return result;
  }

  /** Counters of the given run's batches from the newest commits' metadata. */
  public static Map<Integer, BatchMetadata> batchMetadata(
      SparkSession spark, String location, String runId, int lookBack) {
    Map<Integer, BatchMetadata> found = new HashMap<>();
    List<Row> rows =
        DeltaTable.forPath(spark, location)
            .history(lookBack)
            .select("userMetadata")
            .collectAsList();
    for (Row row : rows) {
      BatchMetadata.fromJson(row.getString(0))
          .filter(m -> runId.equals(m.runId()))
          .ifPresent(m -> found.put(m.batch(), m));
    }
    return found;
  }
}
