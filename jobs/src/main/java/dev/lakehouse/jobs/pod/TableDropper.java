package dev.lakehouse.jobs.pod;

import dev.lakehouse.api.dataset.TableRef;
import dev.lakehouse.jobs.engine.Catalog;
import dev.lakehouse.jobs.engine.DeltaCommits;
import dev.lakehouse.jobs.engine.Storage;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
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
      // Files, not the folder: SeaweedFS keeps an emptied folder for minutes, which S3A sees.
      long files = files(fs, path);
      fs.delete(path, true);
      DeltaCommits.forget(spark, location);
      out.printf(
          "[%s] %s%n",
          name,
          files > 0
              ? "deleted " + files + (files == 1 ? " file" : " files") + " at " + location
              : "nothing to delete at " + location);
    }
  }

  private static long files(FileSystem fs, Path path) throws IOException {
    if (!fs.exists(path)) {
      return 0;
    }
    long count = 0;
    for (RemoteIterator<LocatedFileStatus> it = fs.listFiles(path, true); it.hasNext(); it.next()) {
      count++;
    }
    return count;
  }
}
