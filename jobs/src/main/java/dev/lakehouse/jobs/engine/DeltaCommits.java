package dev.lakehouse.jobs.engine;

import io.delta.tables.DeltaTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import scala.Option;
import scala.collection.JavaConverters;

/** What Delta's log says about a table: whether it exists, its version, its transaction ids. */
public final class DeltaCommits {
  private DeltaCommits() {}

  public static boolean exists(SparkSession spark, String location) {
    return DeltaTable.isDeltaTable(spark, location);
  }

  private static Snapshot snapshot(SparkSession spark, String location) {
    return DeltaLog.forTable(spark, location).update(false, Option.empty(), Option.empty());
  }

  public static long version(SparkSession spark, String location) {
    return snapshot(spark, location).version();
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
