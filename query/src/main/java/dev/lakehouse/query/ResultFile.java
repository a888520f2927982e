package dev.lakehouse.query;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A full result being written to a local file, row by row, before it is uploaded. */
interface ResultFile extends AutoCloseable {
  static ResultFile create(ResultFormat format, Path file, List<ResultColumn> columns)
      throws IOException {
    return switch (format) {
      case CSV -> new CsvResultFile(file, columns);
      case PARQUET -> new ParquetResultFile(file, columns);
    };
  }

  /**
   * @param values the typed values ({@link ColumnKind#read})
   * @param texts the same values as text
   */
  void write(Object[] values, String[] texts) throws IOException;

  @Override
  void close() throws IOException;
}
