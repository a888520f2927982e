package dev.lakehouse.jobs.read;

import dev.lakehouse.jobs.source.SourceFile;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Reads one batch of files into the engine's row shape: the data columns of the run's schema, the
 * source file, and the internal columns of {@link BatchColumns} (raw text, reject reason, extra
 * fields). Bad content becomes rejected rows; only an unreadable batch as a whole may throw.
 */
public interface BatchReader {
  Dataset<Row> read(List<SourceFile> files);

  /**
   * Reads file by file after {@link #read} failed as a whole, turning each failing file into a
   * rejected row. Readers that never fail on content return {@link #read}.
   */
  default Dataset<Row> readIsolated(List<SourceFile> files) {
    return read(files);
  }
}
