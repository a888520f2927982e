package dev.lakehouse.jobs.read;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.lakehouse.jobs.Messages;
import dev.lakehouse.jobs.source.SourceFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * CSV and Parquet through Spark's own readers with the run's schema. A batch that fails as a whole
 * (a corrupt Parquet footer, a CSV header that does not match) is read again file by file, and the
 * files that fail are rejected with Spark's message.
 */
public final class SparkFileReader implements BatchReader {
  private final SparkSession spark;
  private final String format;
  private final StructType schema;
  private final Map<String, String> options;

  public SparkFileReader(
      SparkSession spark, String format, StructType schema, Map<String, String> options) {
    this.spark = spark;
    this.format = format;
    this.schema = schema;
    this.options = options == null ? Map.of() : options;
  }

  @Override
  public Dataset<Row> read(List<SourceFile> files) {
    return readPaths(files);
  }

  @Override
  public Dataset<Row> readIsolated(List<SourceFile> files) {
    List<Dataset<Row>> parts = new ArrayList<>();
    for (SourceFile file : files) {
      try {
        Dataset<Row> one = readPaths(List.of(file));
        // A full scan: count() alone skips decoding, so a bad header or value would pass here.
        one.write().format("noop").mode("overwrite").save();
        parts.add(one);
      } catch (Exception e) { // SparkException is checked but thrown undeclared by Scala
        parts.add(rejectedFile(file, format + " file unreadable: " + Messages.rootCauseLine(e)));
      }
    }
    return parts.stream().reduce(Dataset::unionByName).orElseThrow();
  }

  private Dataset<Row> readPaths(List<SourceFile> files) {
    boolean csv = "csv".equals(format);
    StructType readSchema =
        csv ? schema.add(BatchColumns.CORRUPT, DataTypes.StringType, true) : schema;
    Map<String, String> readOptions = new HashMap<>(options);
    if (csv) {
      readOptions.put("mode", "PERMISSIVE");
      readOptions.put("columnNameOfCorruptRecord", BatchColumns.CORRUPT);
      readOptions.put("enforceSchema", "false");
    }
    Dataset<Row> frame =
        spark
            .read()
            .format(format)
            .schema(readSchema)
            .options(readOptions)
            .load(files.stream().map(SourceFile::path).toArray(String[]::new));
    List<Column> columns = new ArrayList<>();
    for (StructField field : schema.fields()) {
      columns.add(col(field.name()));
    }
    columns.add(input_file_name().as(BatchColumns.SOURCE_FILE));
    if (csv) {
      columns.add(col(BatchColumns.CORRUPT).as(BatchColumns.RAW));
      columns.add(
          when(
                  col(BatchColumns.CORRUPT).isNotNull(),
                  lit("malformed CSV row, or a value that does not fit the column types"))
              .as(BatchColumns.REJECT));
    } else {
      columns.add(lit(null).cast(DataTypes.StringType).as(BatchColumns.RAW));
      columns.add(lit(null).cast(DataTypes.StringType).as(BatchColumns.REJECT));
    }
    columns.add(
        lit(null).cast(new ArrayType(DataTypes.StringType, true)).as(BatchColumns.EXTRA_FIELDS));
    return frame.select(columns.toArray(Column[]::new));
  }

  private Dataset<Row> rejectedFile(SourceFile file, String reason) {
    List<Column> columns = new ArrayList<>();
    for (StructField field : schema.fields()) {
      columns.add(lit(null).cast(field.dataType()).as(field.name()));
    }
    columns.add(lit(file.path()).as(BatchColumns.SOURCE_FILE));
    columns.add(lit(null).cast(DataTypes.StringType).as(BatchColumns.RAW));
    columns.add(lit(reason).as(BatchColumns.REJECT));
    columns.add(
        lit(null).cast(new ArrayType(DataTypes.StringType, true)).as(BatchColumns.EXTRA_FIELDS));
    return spark.range(1).select(columns.toArray(Column[]::new));
  }
}
