package dev.lakehouse.jobs.read;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.lakehouse.jobs.source.SourceFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * JSON, one document per file (multiLine, like a Raygun export) or one per line. The text is read
 * once and parsed with the run's fixed schema; a document that does not parse, or whose values do
 * not fit the schema, is rejected with its text; top-level fields outside the schema are reported
 * so the schema policy can rescue or refuse them.
 */
public final class JsonBatchReader implements BatchReader {
  private static final String PARSED = "__parsed";

  private final SparkSession spark;
  private final StructType schema;
  private final boolean multiLine;
  private final Map<String, String> options;

  public JsonBatchReader(
      SparkSession spark, StructType schema, boolean multiLine, Map<String, String> options) {
    this.spark = spark;
    this.schema = schema;
    this.multiLine = multiLine;
    this.options = options == null ? Map.of() : options;
  }

  @Override
  public Dataset<Row> read(List<SourceFile> files) {
    StructType parseSchema = schema.add(BatchColumns.CORRUPT, DataTypes.StringType, true);
    Map<String, String> parseOptions = new HashMap<>(options);
    parseOptions.put("mode", "PERMISSIVE");
    parseOptions.put("columnNameOfCorruptRecord", BatchColumns.CORRUPT);
    Dataset<Row> parsed =
        TextFiles.readWithExtraFields(spark, files, multiLine, Set.of(schema.fieldNames()))
            .withColumn(PARSED, from_json(col(BatchColumns.RAW), parseSchema, parseOptions));
    Column reject =
        when(col(BatchColumns.REJECT).isNotNull(), col(BatchColumns.REJECT))
            .when(col(PARSED).isNull(), lit("malformed JSON"))
            .when(
                col(PARSED).getField(BatchColumns.CORRUPT).isNotNull(),
                lit("malformed JSON, or a value that does not fit the column types"));
    List<Column> columns = new ArrayList<>();
    for (StructField field : schema.fields()) {
      columns.add(col(PARSED).getField(field.name()).as(field.name()));
    }
    columns.add(col(BatchColumns.SOURCE_FILE));
    columns.add(col(BatchColumns.RAW));
    columns.add(reject.as(BatchColumns.REJECT));
    columns.add(col(BatchColumns.EXTRA_FIELDS));
    return parsed.select(columns.toArray(Column[]::new));
  }
}
