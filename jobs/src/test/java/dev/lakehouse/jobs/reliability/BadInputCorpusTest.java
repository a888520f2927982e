package dev.lakehouse.jobs.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.common.Column;
import dev.lakehouse.api.dataset.DatasetSpec;
import dev.lakehouse.api.dataset.Expectation;
import dev.lakehouse.api.dataset.FileFormat;
import dev.lakehouse.api.dataset.FilesSource;
import dev.lakehouse.api.dataset.Layer;
import dev.lakehouse.api.dataset.SourceSpec;
import dev.lakehouse.api.dataset.TableRef;
import dev.lakehouse.api.run.Checkpoint;
import dev.lakehouse.api.run.IngestionRunSpec;
import dev.lakehouse.checkpoint.LocalCheckpointStore;
import dev.lakehouse.jobs.engine.DeltaCommits;
import dev.lakehouse.jobs.engine.IngestionEngine;
import dev.lakehouse.jobs.engine.SparkSessions;
import dev.lakehouse.jobs.engine.SparkSettings;
import dev.lakehouse.jobs.engine.Storage;
import dev.lakehouse.jobs.plan.ManifestStore;
import dev.lakehouse.jobs.plan.RunManifest;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Feeds the engine a corpus of broken source files (jobs/src/test/resources/reliability/corpus,
 * plus binary and junk files generated here) and checks that each one ends where {@link #CORPUS}
 * says: skipped with a reason in the run's manifest, quarantined with a reason, or ingested; that
 * the run finishes; and that the checkpoint counts match. One folder of the corpus is one Dataset.
 */
class BadInputCorpusTest {
  /** What should become of one corpus file, by its path under the corpus folder. */
  record Case(
      String file, String skipReason, String quarantineReason, int rejectedRows, List<Long> ids) {
    String folder() {
      return file.substring(0, file.indexOf('/'));
    }

    /** The outcome in words, for the report; the reasons are the substrings the test expects. */
    String expected() {
      if (skipReason != null) {
        return "skipped: `" + skipReason + "`";
      }
      if (quarantineReason == null) {
        return "ingested, ids " + ids;
      }
      String quarantined = "quarantined (" + rows(rejectedRows) + "): `" + quarantineReason + "`";
      return ids.isEmpty() ? quarantined : "ids " + ids + " ingested; " + quarantined;
    }
  }

  static String rows(int count) {
    return count == 1 ? "1 row" : count + " rows";
  }

  static Case good(String file, long... ids) {
    return new Case(file, null, null, 0, LongStream.of(ids).boxed().toList());
  }

  static Case skipped(String file, String reason) {
    return new Case(file, reason, null, 0, List.of());
  }

  static Case quarantined(String file, String reason) {
    return new Case(file, null, reason, 1, List.of());
  }

  /** Some rows of the file are good, {@code rejected} rows are quarantined with the reason. */
  static Case partly(String file, String reason, int rejected, long... ids) {
    return new Case(file, null, reason, rejected, LongStream.of(ids).boxed().toList());
  }

  /** The corpus: one line per file, the expected outcome and a substring of its reason. */
  static final List<Case> CORPUS =
      List.of(
          // json: multiLine, columns id bigint + ip string, expectation has_ip, exclude *.bak.json
          good("json/good-1.json", 1),
          good("json/good-2.json", 2),
          good("json/good-3.json", 3),
          skipped("json/good-4.bak.json", "matched by exclude"),
          skipped("json/empty.json", "empty file"),
          skipped("json/__MACOSX/._good-1.json", "__MACOSX"),
          skipped("json/.DS_Store", "hidden file"),
          quarantined("json/photo.json", "binary"),
          quarantined("json/latin-1.json", "not valid UTF-8"),
          quarantined("json/truncated.json", "malformed JSON"),
          // A top-level array or several documents in one file: one row each, as Spark reads them.
          good("json/array.json", 5, 6),
          good("json/two-documents.json", 10, 11),
          // A UTF-8 byte order mark is not content.
          good("json/bom.json", 12),
          quarantined("json/wrong-type.json", "does not fit the column types"),
          quarantined("json/missing-ip.json", "expectation has_ip failed"),
          // csv: header, columns id bigint + name string
          good("csv/good.csv", 101, 102),
          partly("csv/too-many-columns.csv", "malformed CSV row", 1, 103),
          partly("csv/too-few-columns.csv", "malformed CSV row", 1, 107),
          partly("csv/wrong-type.csv", "does not fit the column types", 1, 106),
          quarantined("csv/wrong-header.csv", "header"),
          skipped("csv/empty.csv", "empty file"),
          // parquet: columns id bigint + name string; Spark's output folder junk beside the files
          good("parquet/good-1.parquet", 201, 202),
          good("parquet/good-2.parquet", 203),
          quarantined("parquet/not-parquet.parquet", "parquet file unreadable"),
          quarantined("parquet/truncated.parquet", "parquet file unreadable"),
          quarantined("parquet/wrong-type.parquet", "parquet file unreadable"),
          quarantined("parquet/corrupt-pages.parquet", "parquet file unreadable"),
          skipped("parquet/empty.parquet", "empty file"),
          skipped("parquet/_SUCCESS", "hidden file"),
          skipped("parquet/_committed_6215833961264357", "hidden file"));

  static final String CORPUS_ROOT = "corpus";

  @TempDir static Path temp;
  static SparkSession spark;

  /** Each checked case: expected, observed, as expected; written to target/bench/bad-input.md. */
  static final MarkdownTable REPORT =
      new MarkdownTable("case", "expected outcome", "observed outcome", "as expected");

  static Path bucket;
  static Storage storage;

  @BeforeAll
  static void writeCorpus() throws IOException, URISyntaxException {
    spark =
        SparkSessions.start(
            new SparkSettings("local[2]")
                .loopback()
                .inMemoryCatalog(temp.resolve("spark-warehouse").toUri().toString()));
    bucket = temp.resolve("bucket");
    storage = new Storage(bucket.toUri().toString());
    for (String root : List.of(CORPUS_ROOT)) {
      Path resources =
          Path.of(
              Objects.requireNonNull(
                      BadInputCorpusTest.class.getClassLoader().getResource("reliability/" + root))
                  .toURI());
      try (Stream<Path> files = Files.walk(resources)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          write(root, resources.relativize(file).toString(), Files.readAllBytes(file));
        }
      }
    }
    writeGenerated();
  }

  @AfterAll
  static void writeReport() throws IOException {
    MarkdownTable.write(
        "bad-input.md",
        "## Bad input: the broken-file corpus\n\n"
            + "Each file of jobs/src/test/resources/reliability/corpus (and the binary ones"
            + " BadInputCorpusTest writes) in a run of its folder's Dataset (json, csv, parquet;"
            + " batches of 3); an expected reason is a part of the observed one.\n\n"
            + REPORT.render());
  }

  /** Files a source tree cannot carry well: binary, empty, or dropped by Maven's resource copy. */
  static void writeGenerated() throws IOException {
    write(CORPUS_ROOT, "json/empty.json", new byte[0]);
    write(CORPUS_ROOT, "csv/empty.csv", new byte[0]);
    write(CORPUS_ROOT, "parquet/empty.parquet", new byte[0]);
    // AppleDouble header: magic 0x00051607, version 2, then filler.
    write(
        CORPUS_ROOT,
        "json/__MACOSX/._good-1.json",
        bytes(0, 5, 22, 7, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0));
    // Finder's .DS_Store starts with 00 00 00 01 "Bud1".
    write(CORPUS_ROOT, "json/.DS_Store", bytes(0, 0, 0, 1, 'B', 'u', 'd', '1'));
    // PNG signature and the start of an IHDR chunk.
    write(
        CORPUS_ROOT,
        "json/photo.json",
        bytes(0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 1, 0));
    // ISO-8859-1 text: 0xE9 alone is not UTF-8, and there is no NUL byte in it.
    write(
        CORPUS_ROOT,
        "json/latin-1.json",
        "{\"id\": 13, \"ip\": \"caf\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1));
    write(CORPUS_ROOT, "parquet/_SUCCESS", new byte[0]);
    write(
        CORPUS_ROOT,
        "parquet/_committed_6215833961264357",
        "{\"added\":[]}".getBytes(StandardCharsets.UTF_8));

    StructType schema =
        new StructType()
            .add("id", DataTypes.LongType, true)
            .add("name", DataTypes.StringType, true);
    byte[] good1 =
        parquet(List.of(RowFactory.create(201L, "a"), RowFactory.create(202L, "b")), schema);
    write(CORPUS_ROOT, "parquet/good-1.parquet", good1);
    write(
        CORPUS_ROOT,
        "parquet/good-2.parquet",
        parquet(List.of(RowFactory.create(203L, "c")), schema));
    write(CORPUS_ROOT, "parquet/truncated.parquet", Arrays.copyOf(good1, good1.length / 2));

    // The id column stored as text where the Dataset declares bigint.
    StructType textIds =
        new StructType()
            .add("id", DataTypes.StringType, true)
            .add("name", DataTypes.StringType, true);
    write(
        CORPUS_ROOT,
        "parquet/wrong-type.parquet",
        parquet(List.of(RowFactory.create("204", "d")), textIds));
    // Footer intact, column chunks overwritten: the row count is readable, the values are not.
    byte[] pages =
        parquet(List.of(RowFactory.create(205L, "e"), RowFactory.create(206L, "f")), schema);
    Arrays.fill(pages, 4, Math.min(pages.length - 8, 4 + 60), (byte) 0x7f);
    write(CORPUS_ROOT, "parquet/corrupt-pages.parquet", pages);
  }

  @Test
  void everyCorpusFileHasAnExpectedOutcome() throws IOException {
    assertThat(files(CORPUS_ROOT))
        .containsExactlyInAnyOrderElementsOf(CORPUS.stream().map(Case::file).toList());
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "csv", "parquet"})
  void eachFileIsIngestedSkippedOrQuarantinedWithItsReason(String folder) throws IOException {
    check(CORPUS_ROOT, folder, CORPUS);
  }

  private void check(String root, String folder, List<Case> corpus) throws IOException {
    DatasetSpec dataset = dataset(root, folder);
    String runId = root + "-" + folder + "-1";
    IngestionRunSpec run = new IngestionRunSpec();
    run.dataset = root + "-" + folder;
    run.batchSize = 3;
    List<String> warnings = new ArrayList<>();
    var engine =
        new IngestionEngine(
            spark,
            new IngestionEngine.Listener() {
              @Override
              public void warning(IngestionEngine.Request request, String message) {
                warnings.add(message);
              }
            });
    var store = new LocalCheckpointStore(temp.resolve("state").resolve(runId + ".json"));

    Checkpoint checkpoint =
        engine.ingest(
            new IngestionEngine.Request(runId, runId, run.dataset, dataset, run, storage), store);

    Map<String, Outcome> actual = outcomes(root, dataset, runId);
    List<Case> cases = corpus.stream().filter(c -> c.folder().equals(folder)).toList();
    System.out.println(
        "[BadInputCorpusTest] " + root + "/" + folder + ":\n" + render(cases, actual));
    SoftAssertions soft = new SoftAssertions();
    for (Case c : cases) {
      int errorsBefore = soft.errorsCollected().size();
      Outcome got = actual.getOrDefault(c.file(), Outcome.NONE);
      String where = c.file() + " (got " + got + ")";
      if (c.skipReason() != null) {
        soft.assertThat(got.skipReason()).as("skip reason of %s", where).contains(c.skipReason());
      } else {
        soft.assertThat(got.skipReason()).as("skip reason of %s", where).isNull();
      }
      soft.assertThat(got.reasons()).as("quarantine rows of %s", where).hasSize(c.rejectedRows());
      if (c.quarantineReason() != null) {
        soft.assertThat(got.reasons())
            .as("quarantine reasons of %s", where)
            .allSatisfy(reason -> assertThat(reason).contains(c.quarantineReason()));
      }
      soft.assertThat(got.ids())
          .as("table rows of %s", where)
          .containsExactlyInAnyOrderElementsOf(c.ids());
      Optional<String> text = utf8(landing(root).resolve(c.file()));
      if (!folder.equals("parquet") && c.quarantineReason() != null && text.isPresent()) {
        // A rejected JSON document or CSV row keeps its own text; a rejected file has none.
        soft.assertThat(got.raws())
            .as("_raw of %s", where)
            .filteredOn(java.util.Objects::nonNull)
            .allSatisfy(raw -> assertThat(text.get()).contains(raw.strip()));
      }
      boolean asExpected = soft.errorsCollected().size() == errorsBefore;
      REPORT.row("`" + c.file() + "`", c.expected(), got.described(), asExpected ? "yes" : "NO");
    }
    soft.assertThat(actual.keySet())
        .as("files with an outcome")
        .isSubsetOf(cases.stream().map(Case::file).toList());
    long skippedFiles = cases.stream().filter(c -> c.skipReason() != null).count();
    soft.assertThat(checkpoint.batchesCommitted).as("batches").isEqualTo(checkpoint.batchesTotal);
    soft.assertThat(checkpoint.filesSkipped).as("filesSkipped").isEqualTo(skippedFiles);
    soft.assertThat(checkpoint.filesIngested)
        .as("filesIngested")
        .isEqualTo(cases.size() - skippedFiles);
    soft.assertThat(checkpoint.rowsWritten)
        .as("rowsWritten")
        .isEqualTo(cases.stream().mapToLong(c -> c.ids().size()).sum());
    soft.assertThat(checkpoint.rowsRejected)
        .as("rowsRejected")
        .isEqualTo(cases.stream().mapToLong(Case::rejectedRows).sum());
    soft.assertThat(store.load())
        .get()
        .satisfies(c -> assertThat(c.rowsWritten).isEqualTo(checkpoint.rowsWritten));
    soft.assertThat(warnings).as("warnings").isEmpty();
    soft.assertAll();
  }

  // --- what the run did to each file

  /** A file's fate: its skip reason, its quarantine rows (reason, raw) and its ids in the table. */
  record Outcome(String skipReason, List<String> reasons, List<String> raws, List<Long> ids) {
    static final Outcome NONE = new Outcome(null, List.of(), List.of(), List.of());

    Outcome withSkip(String reason) {
      return new Outcome(reason, reasons, raws, ids);
    }

    Outcome withRejected(String reason, String raw) {
      return new Outcome(skipReason, plus(reasons, reason), plus(raws, raw), ids);
    }

    Outcome withId(Long id) {
      return new Outcome(skipReason, reasons, raws, plus(ids, id));
    }

    private static <T> List<T> plus(List<T> list, T value) {
      List<T> copy = new ArrayList<>(list);
      copy.add(value);
      return copy;
    }

    @Override
    public String toString() {
      if (skipReason != null) {
        return "skipped: " + skipReason;
      }
      return (reasons.isEmpty() ? "" : "quarantined " + reasons + " ") + "ids " + ids;
    }

    /** In the words of {@link Case#expected()}, with the full reasons. */
    String described() {
      List<Long> ids =
          this.ids.stream().sorted(Comparator.nullsFirst(Comparator.naturalOrder())).toList();
      if (skipReason != null) {
        return "skipped: `" + skipReason + "`";
      }
      if (reasons.isEmpty()) {
        return ids.isEmpty() ? "no rows, not skipped" : "ingested, ids " + ids;
      }
      // The report names a file by its path in the corpus, not where this run put it.
      String quarantined =
          "quarantined ("
              + rows(reasons.size())
              + "): `"
              + reasons.stream()
                  .map(r -> String.valueOf(r).replaceAll("file:\\S*?/landing/[^/\\s]+/", ""))
                  .distinct()
                  .sorted()
                  .collect(Collectors.joining("` / `"))
              + "`";
      return ids.isEmpty() ? quarantined : "ids " + ids + " ingested; " + quarantined;
    }
  }

  private Map<String, Outcome> outcomes(String root, DatasetSpec dataset, String runId)
      throws IOException {
    Map<String, Outcome> outcomes = new TreeMap<>();
    RunManifest manifest =
        new ManifestStore(
                spark.sparkContext().hadoopConfiguration(), storage.runsFolder(dataset.table))
            .read(runId)
            .orElseThrow()
            .manifest();
    for (String entry : manifest.skipped()) {
      int colon = entry.indexOf(": ");
      outcomes.merge(
          key(root, entry.substring(0, colon)),
          Outcome.NONE.withSkip(entry.substring(colon + 2)),
          (a, b) -> a.withSkip(a.skipReason() + " AND " + b.skipReason()));
    }
    String quarantine = storage.tableLocation(Storage.quarantineTable(dataset.table));
    if (DeltaCommits.exists(spark, quarantine)) {
      for (Row row :
          spark
              .read()
              .format("delta")
              .load(quarantine)
              .select("_source_file", "_reason", "_raw")
              .collectAsList()) {
        outcomes.compute(
            key(root, row.getString(0)),
            (k, o) ->
                (o == null ? Outcome.NONE : o).withRejected(row.getString(1), row.getString(2)));
      }
    }
    String table = storage.tableLocation(dataset.table);
    if (DeltaCommits.exists(spark, table)) {
      for (Row row :
          spark.read().format("delta").load(table).select("_source_file", "id").collectAsList()) {
        outcomes.compute(
            key(root, row.getString(0)),
            (k, o) ->
                (o == null ? Outcome.NONE : o).withId(row.isNullAt(1) ? null : row.getLong(1)));
      }
    }
    return outcomes;
  }

  /** The path under the corpus folder of a file:/ or file:/// path. */
  private static String key(String root, String path) {
    String marker = "/landing/" + root + "/";
    int at = String.valueOf(path).indexOf(marker);
    return at < 0 ? String.valueOf(path) : path.substring(at + marker.length());
  }

  private static String render(List<Case> cases, Map<String, Outcome> actual) {
    int width = cases.stream().mapToInt(c -> c.file().length()).max().orElse(10);
    return cases.stream()
        .map(
            c ->
                String.format(
                    "  %-" + width + "s  %s",
                    c.file(),
                    actual.getOrDefault(c.file(), Outcome.NONE)))
        .collect(Collectors.joining("\n"));
  }

  // --- datasets

  static DatasetSpec dataset(String root, String folder) {
    DatasetSpec spec = new DatasetSpec();
    spec.lakehouse = "demo";
    spec.layer = Layer.bronze;
    spec.table = new TableRef("bronze", root.replace('-', '_') + "_" + folder);
    spec.source = new SourceSpec();
    spec.source.files = new FilesSource();
    spec.source.files.prefix = "landing/" + root + "/" + folder + "/";
    spec.maxRejectedFraction = "1";
    switch (folder) {
      case "json" -> {
        spec.source.files.format = FileFormat.json;
        spec.source.files.multiLine = true;
        spec.source.files.exclude = List.of("*.bak.json");
        spec.columns = List.of(new Column("id", "bigint"), new Column("ip", "string"));
        Expectation hasIp = new Expectation();
        hasIp.name = "has_ip";
        hasIp.sql = "ip IS NOT NULL";
        hasIp.onViolation = Expectation.Action.quarantine;
        spec.expectations = List.of(hasIp);
      }
      case "csv" -> {
        spec.source.files.format = FileFormat.csv;
        spec.columns = List.of(new Column("id", "bigint"), new Column("name", "string"));
      }
      case "parquet" -> {
        spec.source.files.format = FileFormat.parquet;
        spec.columns = List.of(new Column("id", "bigint"), new Column("name", "string"));
      }
      default -> throw new IllegalArgumentException(folder);
    }
    return spec;
  }

  // --- writing files

  static Path landing(String root) {
    return bucket.resolve("landing").resolve(root);
  }

  private static List<String> files(String root) throws IOException {
    try (Stream<Path> walk = Files.walk(landing(root))) {
      return walk.filter(Files::isRegularFile)
          .map(p -> landing(root).relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }

  private static void write(String root, String file, byte[] content) throws IOException {
    Path target = landing(root).resolve(file);
    Files.createDirectories(target.getParent());
    Files.write(target, content);
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  /** The bytes of a one-file Parquet output of the rows. */
  private static byte[] parquet(List<Row> rows, StructType schema) throws IOException {
    Path out = Files.createTempDirectory(temp, "parquet");
    spark
        .createDataFrame(rows, schema)
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(out.toUri().toString());
    try (Stream<Path> files = Files.list(out)) {
      Path part =
          files
              .filter(p -> p.getFileName().toString().endsWith(".parquet"))
              .findFirst()
              .orElseThrow();
      return Files.readAllBytes(part);
    }
  }

  private static Optional<String> utf8(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    for (byte b : bytes) {
      if (b == 0) {
        return Optional.empty();
      }
    }
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
