package dev.lakehouse.jobs.read;

import dev.lakehouse.jobs.source.SourceFile;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Reads the text of a batch's files into rows (file, text): one row per JSON document of a whole
 * file, or per line. Spark gets the file list directly: no path globbing, no listing job, and files
 * packed into tasks by size rather than one task per file. A file that cannot be read or is not
 * UTF-8 text becomes a rejected row, not a failure.
 */
public final class TextFiles {
  /** Aim for tasks of about this many bytes: small files are cheap to parse, costly to schedule. */
  static final long TARGET_TASK_BYTES = 16L * 1024 * 1024;

  /** Raw text kept for a rejected row; the source file stays the full record. */
  static final int MAX_RAW_CHARS = 64 * 1024;

  public static final StructType SCHEMA =
      new StructType()
          .add(BatchColumns.SOURCE_FILE, DataTypes.StringType, false)
          .add(BatchColumns.RAW, DataTypes.StringType, true)
          .add(BatchColumns.REJECT, DataTypes.StringType, true);

  /** With the top-level fields of each document that the schema does not know. */
  public static final StructType SCHEMA_WITH_EXTRA_FIELDS =
      SCHEMA.add(
          BatchColumns.EXTRA_FIELDS, DataTypes.createArrayType(DataTypes.StringType, false), true);

  private TextFiles() {}

  /** One row per JSON document of each file (wholeFile) or per non-blank line. */
  public static Dataset<Row> read(SparkSession spark, List<SourceFile> files, boolean wholeFile) {
    return read(spark, files, wholeFile, null);
  }

  /**
   * As {@link #read(SparkSession, List, boolean)}, with a column of each document's top-level
   * fields outside {@code known} (empty when there are none, null when the document is not an
   * object).
   */
  public static Dataset<Row> readWithExtraFields(
      SparkSession spark, List<SourceFile> files, boolean wholeFile, Set<String> known) {
    return read(spark, files, wholeFile, Set.copyOf(known));
  }

  private static Dataset<Row> read(
      SparkSession spark, List<SourceFile> files, boolean wholeFile, Set<String> known) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    var hadoop = new SerializableConfiguration(spark.sparkContext().hadoopConfiguration());
    List<List<SourceFile>> groups = pack(files, jsc.defaultParallelism());
    JavaRDD<Row> rows =
        jsc.parallelize(groups, Math.max(1, groups.size()))
            .flatMap(group -> readGroup(group, hadoop, wholeFile, known));
    return spark.createDataFrame(rows, known == null ? SCHEMA : SCHEMA_WITH_EXTRA_FIELDS);
  }

  /** Groups files into tasks of roughly equal bytes, at least one task per core. */
  static List<List<SourceFile>> pack(List<SourceFile> files, int cores) {
    long total = files.stream().mapToLong(SourceFile::size).sum();
    int tasks = (int) Math.max(cores, Math.min(files.size(), total / TARGET_TASK_BYTES + 1));
    long perTask = Math.max(1, total / Math.max(1, tasks));
    List<List<SourceFile>> groups = new ArrayList<>();
    List<SourceFile> current = new ArrayList<>();
    long bytes = 0;
    for (SourceFile file : files) {
      current.add(file);
      bytes += file.size();
      if (bytes >= perTask) {
        groups.add(current);
        current = new ArrayList<>();
        bytes = 0;
      }
    }
    if (!current.isEmpty()) {
      groups.add(current);
    }
    return groups;
  }

  private static Iterator<Row> readGroup(
      List<SourceFile> group,
      SerializableConfiguration hadoop,
      boolean wholeFile,
      Set<String> known)
      throws IOException {
    List<Row> rows = new ArrayList<>();
    for (SourceFile file : group) {
      String path = file.path();
      String text;
      try {
        text = readUtf8(path, hadoop);
      } catch (CharacterCodingException e) {
        rows.add(
            row(
                path,
                null,
                "not valid UTF-8 text (another encoding, or a binary file)",
                null,
                known));
        continue;
      } catch (IOException e) {
        rows.add(row(path, null, "unreadable: " + e.getMessage(), null, known));
        continue;
      }
      if (wholeFile) {
        var documents = JsonDocuments.split(text);
        if (documents.isEmpty()) {
          rows.add(row(path, text, null, null, known)); // the parser rejects it with its text
        } else if (documents.get().isEmpty()) {
          rows.add(row(path, text, "no JSON document in the file", null, known));
        } else {
          documents.get().forEach(d -> rows.add(row(path, d.text(), null, d.fields(), known)));
        }
      } else {
        text.lines()
            .filter(l -> !l.isBlank())
            .forEach(
                l ->
                    rows.add(
                        row(path, l, null, known == null ? null : JsonDocuments.fields(l), known)));
      }
    }
    return rows.iterator();
  }

  private static Row row(
      String path, String text, String reject, List<String> fields, Set<String> known) {
    if (known == null) {
      return RowFactory.create(path, text, reject);
    }
    Object extra = null;
    if (fields != null) {
      extra = fields.stream().filter(f -> !known.contains(f)).distinct().toArray(String[]::new);
    }
    return RowFactory.create(path, text, reject, extra);
  }

  private static String readUtf8(String path, SerializableConfiguration hadoop) throws IOException {
    Path file = new Path(path);
    FileSystem fs = FileSystem.get(URI.create(path), hadoop.value());
    byte[] bytes;
    try (InputStream in = fs.open(file)) {
      bytes = in.readAllBytes();
    }
    for (byte b : bytes) {
      if (b == 0) {
        throw new CharacterCodingException(); // text never contains NUL; binary files do
      }
    }
    String text =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes))
            .toString();
    // A byte-order mark is allowed in UTF-8 files and is not part of the content.
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  static String truncate(String raw) {
    return raw == null || raw.length() <= MAX_RAW_CHARS ? raw : raw.substring(0, MAX_RAW_CHARS);
  }
}
