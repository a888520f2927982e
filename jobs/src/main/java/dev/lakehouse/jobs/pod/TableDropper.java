package dev.lakehouse.jobs.pod;

import dev.lakehouse.api.dataset.TableRef;
import dev.lakehouse.jobs.engine.Catalog;
import dev.lakehouse.jobs.engine.DeltaCommits;
import dev.lakehouse.jobs.engine.Storage;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Removes a Dataset's table and its quarantine table: from the catalog first, so no reader finds a
 * table whose files are going, then their folders in storage. What is already gone is skipped, so a
 * rerun after a crash finishes the job.
 */
public final class TableDropper {
  private final SparkSession spark;
  private final PrintStream out;

  public TableDropper(SparkSession spark, PrintStream out) {
    this.spark = spark;
    this.out = out;
  }

  public void drop(TableRef table, Storage storage) throws IOException {
    for (TableRef ref : List.of(table, Storage.quarantineTable(table))) {
      String name = ref.qualifiedName();
      out.printf(
          "[%s] %s%n",
          name,
          Catalog.unregister(spark, ref)
              ? "dropped from the catalog"
              : "not in the catalog (already dropped)");
      String location = storage.tableLocation(ref);
      Path path = new Path(location);
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      boolean deleted = fs.delete(path, true);
      DeltaCommits.forget(spark, location);
      out.printf("[%s] %s %s%n", name, deleted ? "deleted" : "nothing to delete at", location);
    }
  }
}
