package dev.lakehouse.jobs.engine;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import dev.lakehouse.api.dataset.DatasetSpec;
import dev.lakehouse.api.dataset.Expectation;
import dev.lakehouse.api.dataset.FileFormat;
import dev.lakehouse.api.dataset.FilesSource;
import dev.lakehouse.api.dataset.SchemaEvolution;
import dev.lakehouse.api.dataset.TableRef;
import dev.lakehouse.api.dataset.WriteSpec;
import dev.lakehouse.api.run.Checkpoint;
import dev.lakehouse.api.run.IngestionRunSpec;
import dev.lakehouse.api.run.RunMode;
import dev.lakehouse.checkpoint.CheckpointStore;
import dev.lakehouse.jobs.Messages;
import dev.lakehouse.jobs.plan.FileLedger;
import dev.lakehouse.jobs.plan.ManifestStore;
import dev.lakehouse.jobs.plan.RunManifest;
import dev.lakehouse.jobs.read.BatchColumns;
import dev.lakehouse.jobs.read.BatchReader;
import dev.lakehouse.jobs.read.JsonBatchReader;
import dev.lakehouse.jobs.read.SparkFileReader;
import dev.lakehouse.jobs.read.TextFiles;
import dev.lakehouse.jobs.source.FileFilter;
import dev.lakehouse.jobs.source.SourceFile;
import dev.lakehouse.jobs.source.SourceLister;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Ingests one run of one Dataset: plans the files once, then commits each batch to Delta exactly
 * once (txnAppId = run id, txnVersion = batch index) and records a checkpoint after each commit. A
 * restarted run continues with the first batch Delta has not committed.
 */
public final class IngestionEngine {
  /** Files read to infer a schema; spread over the whole plan, not just its start. */
  static final int SCHEMA_SAMPLE = 200;

  /** Commits of other runs that may sit between this run's commits when recovering counters. */
  static final int HISTORY_SLACK = 100;

  /** One run to ingest. */
  public record Request(
      String runName,
      String runId,
      String datasetName,
      DatasetSpec dataset,
      IngestionRunSpec run,
      Storage storage) {}

  /** Hears about progress; the command line prints it, a pod logs it. */
  public interface Listener {
    default void planned(Request request, RunManifest manifest, int firstBatch) {}

    default void batchCommitted(
        Request request, int batch, int total, Checkpoint checkpoint, long millis) {}

    default void warning(Request request, String message) {}
  }

  private final SparkSession spark;
  private final Listener listener;

  public IngestionEngine(SparkSession spark, Listener listener) {
    this.spark = spark;
    this.listener = listener;
  }

  /**
   * Runs the request to its end and returns the final checkpoint, which also carries the facts of
   * the table as it is then (saved through {@code store} like every checkpoint).
   */
  public Checkpoint ingest(Request request, CheckpointStore store) throws IOException {
    Checkpoint done =
        request.dataset().transform != null
            ? transform(request, store)
            : ingestFiles(request, store);
    return withTableFacts(request, done, store);
  }

  /** Records what the table looks like after the run, for the Dataset to reflect. */
  private Checkpoint withTableFacts(Request request, Checkpoint done, CheckpointStore store) {
    String location = request.storage().tableLocation(request.dataset().table);
    Optional<Checkpoint.TableFacts> facts =
        DeltaCommits.tableFacts(spark, location, message -> listener.warning(request, message));
    if (facts.isEmpty()) {
      return done; // nothing was ever committed: there is no table to describe
    }
    Checkpoint finished = copy(done);
    finished.table = facts.get();
    finished.updatedAt = Instant.now().toString();
    store.save(finished);
    return finished;
  }

  private Checkpoint ingestFiles(Request request, CheckpointStore store) throws IOException {
    DatasetSpec dataset = request.dataset();
    if (dataset.source == null || dataset.source.files == null) {
      throw new RunFailure(
          "Dataset "
              + request.datasetName()
              + " is not ingested from files; only files sources are supported so far (kafka and jdbc come later)");
    }
    FilesSource source = dataset.source.files;
    String location = request.storage().tableLocation(dataset.table);
    var manifests =
        new ManifestStore(
            spark.sparkContext().hadoopConfiguration(),
            request.storage().runsFolder(dataset.table));
    Map<String, Long> committed = DeltaCommits.committedBatches(spark, location);

    Optional<ManifestStore.Stored> existing = readPlan(request, manifests, committed);
    ManifestStore.Stored stored =
        existing.isPresent()
            ? existing.get()
            : plan(request, source, location, manifests, committed);
    RunManifest manifest = stored.manifest();
    StructType schema = (StructType) DataType.fromJson(manifest.schemaJson());
    var quality = new Quality(dataset.expectations);
    if (manifest.batchCount() > 0) {
      quality.check(spark, schema);
    }

    Checkpoint checkpoint =
        resume(request, store, stored, committed.getOrDefault(request.runId(), -1L), location);
    listener.planned(request, manifest, checkpoint.batchesCommitted);
    if (DeltaCommits.exists(spark, location)) {
      Catalog.register(spark, dataset.table, location);
    }
    BatchReader reader = reader(source, schema);
    for (int index = checkpoint.batchesCommitted; index < manifest.batchCount(); index++) {
      long started = System.nanoTime();
      List<SourceFile> files = manifest.batch(index);
      BatchStats stats =
          commit(request, index, files, reader, quality, schema, location, checkpoint);
      checkpoint = advance(checkpoint, index, files, stats, DeltaCommits.version(spark, location));
      store.save(checkpoint);
      if (index == 0) {
        Catalog.register(spark, dataset.table, location);
      }
      listener.batchCommitted(
          request,
          index,
          manifest.batchCount(),
          checkpoint,
          (System.nanoTime() - started) / 1_000_000);
    }
    return checkpoint;
  }

  /**
   * A silver or gold Dataset: its SQL over upstream tables, committed as the run's single batch
   * through the same path as files (expectations, quarantine, write mode, txn).
   */
  private Checkpoint transform(Request request, CheckpointStore store) {
    DatasetSpec dataset = request.dataset();
    String location = request.storage().tableLocation(dataset.table);
    long committed =
        DeltaCommits.committedBatches(spark, location).getOrDefault(request.runId(), -1L);
    Checkpoint checkpoint = store.load().orElseGet(Checkpoint::new);
    checkpoint.runId = request.runId();
    checkpoint.batchesTotal = 1;
    checkpoint.batchesCommitted =
        checkpoint.batchesCommitted == null ? 0 : checkpoint.batchesCommitted;
    checkpoint.filesTotal = 0L;
    zeroCounters(checkpoint);
    if (committed >= 0) {
      if (checkpoint.batchesCommitted == 0) {
        BatchMetadata m =
            DeltaCommits.batchMetadata(spark, location, request.runId(), HISTORY_SLACK).get(0);
        checkpoint.rowsWritten = m == null ? 0 : m.rows();
        checkpoint.rowsRejected = m == null ? 0 : m.rejected();
        checkpoint.batchesCommitted = 1;
        checkpoint.deltaVersion = DeltaCommits.version(spark, location);
        store.save(checkpoint);
      }
      Catalog.register(spark, dataset.table, location);
      return checkpoint;
    }
    Dataset<Row> result;
    try {
      result = spark.sql(dataset.transform.sql);
    } catch (Exception e) { // AnalysisException is checked but thrown undeclared by Scala
      throw new RunFailure(
          "the transform SQL of Dataset "
              + request.datasetName()
              + " fails: "
              + Messages.firstLine(e),
          e);
    }
    StructType schema = result.schema();
    var quality = new Quality(dataset.expectations);
    quality.check(spark, schema);
    BatchReader sql =
        files ->
            result
                .withColumn(BatchColumns.SOURCE_FILE, lit(null).cast("string"))
                .withColumn(BatchColumns.RAW, lit(null).cast("string"))
                .withColumn(BatchColumns.REJECT, lit(null).cast("string"))
                .withColumn(BatchColumns.EXTRA_FIELDS, lit(null).cast("array<string>"));
    listener.planned(
        request,
        new RunManifest(
            request.runId(),
            request.datasetName(),
            "transform",
            1,
            schema.json(),
            List.of(),
            List.of(),
            Instant.now().toString()),
        0);
    long started = System.nanoTime();
    BatchStats stats = commit(request, 0, List.of(), sql, quality, schema, location, checkpoint);
    checkpoint = advance(checkpoint, 0, List.of(), stats, DeltaCommits.version(spark, location));
    store.save(checkpoint);
    Catalog.register(spark, dataset.table, location);
    listener.batchCommitted(request, 0, 1, checkpoint, (System.nanoTime() - started) / 1_000_000);
    return checkpoint;
  }

  // --- planning

  /**
   * The run's stored plan. A plan that cannot be read is planned again only when no batch of the
   * run was committed from it (it was cut short while being written); otherwise the run stops.
   */
  private Optional<ManifestStore.Stored> readPlan(
      Request request, ManifestStore manifests, Map<String, Long> committed) throws IOException {
    try {
      return manifests.read(request.runId());
    } catch (IOException unreadable) {
      if (committed.containsKey(request.runId())) {
        throw new RunFailure(
            "the plan of run "
                + request.runName()
                + " at "
                + manifests.location(request.runId())
                + " cannot be read, and batches were already committed from it: "
                + Messages.firstLine(unreadable),
            unreadable);
      }
      listener.warning(
          request,
          "the plan at "
              + manifests.location(request.runId())
              + " is unreadable and no batch was committed from it; planning again");
      return Optional.empty();
    }
  }

  private ManifestStore.Stored plan(
      Request request,
      FilesSource source,
      String location,
      ManifestStore manifests,
      Map<String, Long> committed)
      throws IOException {
    var listing =
        new SourceLister(spark.sparkContext().hadoopConfiguration())
            .list(
                request.storage().sourceRoot(source),
                new FileFilter(source.include, source.exclude));
    List<SourceFile> files = listing.files();
    RunMode mode = request.run().mode == null ? RunMode.incremental : request.run().mode;
    if (mode == RunMode.incremental) {
      var ledger = new FileLedger(manifests.readAll(), committed, request.runId());
      files = files.stream().filter(f -> !ledger.contains(f)).toList();
    }
    StructType schema = schema(request, source, files, location, mode);
    int batchSize = request.run().batchSize == null ? 5000 : request.run().batchSize;
    var manifest =
        new RunManifest(
            request.runId(),
            request.datasetName(),
            mode.name(),
            batchSize,
            schema.json(),
            files,
            listing.skipped().stream().map(s -> s.path() + ": " + s.reason()).toList(),
            Instant.now().toString());
    return manifests.write(manifest);
  }

  private StructType schema(
      Request request, FilesSource source, List<SourceFile> files, String location, RunMode mode) {
    DatasetSpec dataset = request.dataset();
    Optional<StructType> table =
        mode == RunMode.full || !DeltaCommits.exists(spark, location)
            ? Optional.empty()
            : Optional.of(DeltaTable.forPath(spark, location).toDF().schema());
    StructType found;
    if (dataset.columns != null && !dataset.columns.isEmpty()) {
      found = RunSchema.declared(dataset.columns);
    } else if (files.isEmpty()) {
      found = table.map(RunSchema::withoutLineage).orElse(new StructType());
    } else {
      found = infer(source, sample(files));
    }
    SchemaEvolution policy =
        dataset.schemaEvolution == null ? SchemaEvolution.addNewColumns : dataset.schemaEvolution;
    return RunSchema.reconcile(found, table, policy, request.datasetName());
  }

  static List<SourceFile> sample(List<SourceFile> files) {
    if (files.size() <= SCHEMA_SAMPLE) {
      return files;
    }
    double step = (double) files.size() / SCHEMA_SAMPLE;
    return IntStream.range(0, SCHEMA_SAMPLE).mapToObj(i -> files.get((int) (i * step))).toList();
  }

  private StructType infer(FilesSource source, List<SourceFile> sample) {
    Map<String, String> options = readerOptions(source);
    StructType inferred;
    if (source.format == FileFormat.json) {
      Dataset<String> texts =
          TextFiles.read(spark, sample, Boolean.TRUE.equals(source.multiLine))
              .filter(col(BatchColumns.REJECT).isNull())
              .select(col(BatchColumns.RAW))
              .as(Encoders.STRING());
      inferred = spark.read().options(options).json(texts).schema();
    } else {
      // A corrupt file in the sample must not stop inference; the batch that holds it rejects it.
      inferred =
          spark
              .read()
              .format(source.format.name())
              .options(options)
              .option("inferSchema", "true")
              .option("ignoreCorruptFiles", "true")
              .option("mergeSchema", "true")
              .load(sample.stream().map(SourceFile::path).toArray(String[]::new))
              .schema();
    }
    StructType usable = RunSchema.withoutLineage(inferred);
    if (usable.isEmpty()) {
      throw new RunFailure(
          "cannot infer a schema: none of the "
              + sample.size()
              + " sampled files has a readable "
              + source.format
              + " record (declare spec.columns, or check the files)");
    }
    return usable;
  }

  // --- resuming

  private Checkpoint resume(
      Request request,
      CheckpointStore store,
      ManifestStore.Stored stored,
      long deltaLast,
      String location) {
    Checkpoint checkpoint = store.load().orElseGet(Checkpoint::new);
    if (checkpoint.manifest != null
        && checkpoint.manifest.sha256 != null
        && !checkpoint.manifest.sha256.equals(stored.sha256())) {
      throw new RunFailure(
          "the plan of run "
              + request.runName()
              + " at "
              + stored.location()
              + " does not match the checkpoint (sha256 "
              + checkpoint.manifest.sha256
              + "): it was changed or replaced");
    }
    RunManifest manifest = stored.manifest();
    checkpoint.runId = request.runId();
    checkpoint.batchesTotal = manifest.batchCount();
    checkpoint.filesTotal = (long) manifest.files().size();
    checkpoint.filesSkipped = (long) manifest.skipped().size();
    checkpoint.manifest = new Checkpoint.Manifest();
    checkpoint.manifest.location = stored.location();
    checkpoint.manifest.files = (long) manifest.files().size();
    checkpoint.manifest.bytes = stored.bytes();
    checkpoint.manifest.sha256 = stored.sha256();
    int stored0 = checkpoint.batchesCommitted == null ? 0 : checkpoint.batchesCommitted;
    checkpoint.batchesCommitted = stored0;
    zeroCounters(checkpoint);
    if (deltaLast + 1 > stored0) {
      // Committed to Delta, but the checkpoint write after it was lost: take the counters from
      // the commits themselves and never read those batches again.
      Map<Integer, BatchMetadata> metadata =
          DeltaCommits.batchMetadata(
              spark, location, request.runId(), (int) (deltaLast + 1 - stored0) + HISTORY_SLACK);
      for (int batch = stored0; batch <= deltaLast; batch++) {
        BatchMetadata m = metadata.get(batch);
        if (m == null) {
          listener.warning(
              request,
              "batch "
                  + batch
                  + " is committed but its counters were not found in the Delta history");
          continue;
        }
        checkpoint.filesIngested += m.files();
        checkpoint.bytesIngested += m.bytes();
        checkpoint.rowsWritten += m.rows();
        checkpoint.rowsRejected += m.rejected();
      }
      checkpoint.batchesCommitted = (int) deltaLast + 1;
      checkpoint.deltaVersion = DeltaCommits.version(spark, location);
    }
    checkpoint.updatedAt = Instant.now().toString();
    store.save(checkpoint);
    return checkpoint;
  }

  private static void zeroCounters(Checkpoint c) {
    c.filesIngested = c.filesIngested == null ? 0L : c.filesIngested;
    c.bytesIngested = c.bytesIngested == null ? 0L : c.bytesIngested;
    c.rowsWritten = c.rowsWritten == null ? 0L : c.rowsWritten;
    c.rowsRejected = c.rowsRejected == null ? 0L : c.rowsRejected;
  }

  private static Checkpoint advance(
      Checkpoint previous, int index, List<SourceFile> files, BatchStats stats, long version) {
    Checkpoint next = copy(previous);
    next.batchesCommitted = index + 1;
    next.deltaVersion = version;
    next.filesIngested += files.size();
    next.bytesIngested += files.stream().mapToLong(SourceFile::size).sum();
    next.rowsWritten += stats.written();
    next.rowsRejected += stats.rejected() + stats.dropped();
    next.updatedAt = Instant.now().toString();
    return next;
  }

  static Checkpoint copy(Checkpoint c) {
    Checkpoint n = new Checkpoint();
    n.runId = c.runId;
    n.batchesTotal = c.batchesTotal;
    n.batchesCommitted = c.batchesCommitted;
    n.deltaVersion = c.deltaVersion;
    n.filesTotal = c.filesTotal;
    n.filesIngested = c.filesIngested;
    n.filesSkipped = c.filesSkipped;
    n.bytesIngested = c.bytesIngested;
    n.rowsWritten = c.rowsWritten;
    n.rowsRejected = c.rowsRejected;
    n.manifest = c.manifest;
    n.updatedAt = c.updatedAt;
    n.table = c.table;
    return n;
  }

  // --- one batch

  private BatchStats commit(
      Request request,
      int index,
      List<SourceFile> files,
      BatchReader reader,
      Quality quality,
      StructType schema,
      String location,
      Checkpoint before) {
    Dataset<Row> batch = cached(quality.apply(reader.read(files)));
    BatchStats stats;
    try {
      stats = stats(batch, quality);
    } catch (Exception wholeBatch) { // SparkException is checked but thrown undeclared by Scala
      batch.unpersist();
      batch = cached(quality.apply(reader.readIsolated(files)));
      try {
        stats = stats(batch, quality);
      } catch (Exception stillFailing) {
        batch.unpersist();
        throw new RunFailure(
            "batch "
                + index
                + " cannot be read even file by file: "
                + Messages.firstLine(stillFailing),
            stillFailing);
      }
    }
    try {
      check(request, index, batch, stats, before);
      var metadata =
          new BatchMetadata(
              request.runId(),
              index,
              files.size(),
              files.stream().mapToLong(SourceFile::size).sum(),
              stats.written(),
              stats.rejected() + stats.dropped());
      // Quarantine first: if the process dies between the two commits, the retry skips the
      // quarantine commit by its txn and writes the batch.
      if (stats.rejected() > 0) {
        writeQuarantine(request, index, batch);
      }
      writeRows(request, index, rows(request, batch, schema), location, metadata);
      stats
          .warned()
          .forEach(
              (name, n) -> {
                if (n > 0) {
                  listener.warning(
                      request,
                      "expectation "
                          + name
                          + " is violated by "
                          + n
                          + " rows of batch "
                          + index
                          + " (warn)");
                }
              });
      return stats;
    } finally {
      batch.unpersist();
    }
  }

  /**
   * Keeps the batch for its several passes (counts, checks, quarantine, write) without the source
   * text of good rows: only quarantined rows and rows with fields to rescue need it, and the text
   * is most of a batch's bytes.
   */
  private static Dataset<Row> cached(Dataset<Row> batch) {
    Column needsText =
        col(BatchColumns.REJECT).isNotNull().or(size(col(BatchColumns.EXTRA_FIELDS)).gt(0));
    return batch
        .withColumn(BatchColumns.RAW, when(needsText, col(BatchColumns.RAW)))
        .persist(StorageLevel.MEMORY_AND_DISK());
  }

  private BatchStats stats(Dataset<Row> batch, Quality quality) {
    Column good = col(BatchColumns.REJECT).isNull();
    List<Column> aggregates =
        new ArrayList<>(
            List.of(
                count(lit(1)),
                sum(when(not(good), 1).otherwise(0)),
                sum(when(good.and(col(Quality.DROP)), 1).otherwise(0)),
                sum(when(good.and(col(Quality.FAIL)), 1).otherwise(0)),
                sum(when(good.and(size(col(BatchColumns.EXTRA_FIELDS)).gt(0)), 1).otherwise(0))));
    List<Expectation> warns =
        quality.expectations().stream()
            .filter(e -> e.onViolation == Expectation.Action.warn)
            .toList();
    warns.forEach(
        e -> aggregates.add(sum(when(good.and(col(Quality.violatedColumn(e))), 1).otherwise(0))));
    Row row =
        batch
            .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
            .first();
    Map<String, Long> warned = new LinkedHashMap<>();
    for (int i = 0; i < warns.size(); i++) {
      warned.put(warns.get(i).name, longAt(row, 5 + i));
    }
    return new BatchStats(
        longAt(row, 0), longAt(row, 1), longAt(row, 2), longAt(row, 3), longAt(row, 4), warned);
  }

  private static long longAt(Row row, int i) {
    return row.isNullAt(i) ? 0 : ((Number) row.get(i)).longValue();
  }

  /** Stops the run before committing a batch that breaks a Dataset rule. */
  private void check(
      Request request, int index, Dataset<Row> batch, BatchStats stats, Checkpoint before) {
    DatasetSpec dataset = request.dataset();
    if (stats.failing() > 0) {
      List<String> failing =
          dataset.expectations.stream()
              .filter(e -> e.onViolation == Expectation.Action.fail)
              .map(e -> e.name)
              .toList();
      throw new RunFailure(
          "expectation "
              + String.join(", ", failing)
              + " (onViolation: fail) is violated by "
              + stats.failing()
              + " rows in batch "
              + index
              + ", for example in "
              + filesWhere(batch, col(BatchColumns.REJECT).isNull().and(col(Quality.FAIL))));
    }
    if (dataset.schemaEvolution == SchemaEvolution.fail && stats.withExtraFields() > 0) {
      throw new RunFailure(
          "Dataset "
              + request.datasetName()
              + " has schemaEvolution: fail, and "
              + stats.withExtraFields()
              + " rows of batch "
              + index
              + " have fields the table does not, for example in "
              + filesWhere(batch, size(col(BatchColumns.EXTRA_FIELDS)).gt(0)));
    }
    double allowed =
        dataset.maxRejectedFraction == null ? 0 : Double.parseDouble(dataset.maxRejectedFraction);
    long rejected = before.rowsRejected + stats.rejected() + stats.dropped();
    long total = before.rowsWritten + before.rowsRejected + stats.rows();
    if (rejected > 0 && total > 0 && (double) rejected / total > allowed) {
      throw new RunFailure(
          String.format(
              "%d of %d rows (%.2f%%) were rejected, more than maxRejectedFraction %s allows; batch %d is not committed."
                  + " Most rejected rows come from: %s (see the quarantine table %s)",
              rejected,
              total,
              100.0 * rejected / total,
              dataset.maxRejectedFraction,
              index,
              filesWhere(batch, col(BatchColumns.REJECT).isNotNull().or(col(Quality.DROP))),
              Storage.quarantineTable(dataset.table).qualifiedName()));
    }
  }

  /** The files with the most rows matching a condition, with their counts and a reason. */
  private static String filesWhere(Dataset<Row> batch, Column condition) {
    return batch
        .filter(condition)
        .groupBy(col(BatchColumns.SOURCE_FILE))
        .agg(
            count(lit(1)).as("n"),
            org.apache.spark.sql.functions.first(col(BatchColumns.REJECT), true).as("why"))
        .orderBy(desc("n"))
        .limit(5)
        .collectAsList()
        .stream()
        .map(
            r ->
                r.getString(0)
                    + " ("
                    + r.getLong(1)
                    + (r.isNullAt(2) ? "" : ", " + r.getString(2))
                    + ")")
        .collect(Collectors.joining(", "));
  }

  private Dataset<Row> rows(Request request, Dataset<Row> batch, StructType schema) {
    List<Column> columns = new ArrayList<>();
    for (StructField field : schema.fields()) {
      columns.add(col(field.name()));
    }
    boolean fromFiles = request.dataset().transform == null;
    if (fromFiles) {
      columns.add(col(BatchColumns.SOURCE_FILE));
      // One value per batch: Spark fixes current_timestamp() once per query.
      columns.add(current_timestamp().as(BatchColumns.INGESTED_AT));
    }
    if (fromFiles && rescues(request.dataset())) {
      columns.add(
          when(
                  size(col(BatchColumns.EXTRA_FIELDS)).gt(0),
                  to_json(
                      expr(
                          "map_filter(from_json("
                              + BatchColumns.RAW
                              + ", 'map<string,string>'), (k, v) -> array_contains("
                              + BatchColumns.EXTRA_FIELDS
                              + ", k))")))
              .as(BatchColumns.RESCUED));
    }
    return batch
        .filter(col(BatchColumns.REJECT).isNull().and(not(col(Quality.DROP))))
        .select(columns.toArray(Column[]::new));
  }

  /**
   * JSON sources keep fields outside the schema in _rescued_data unless the policy refuses them.
   */
  private static boolean rescues(DatasetSpec dataset) {
    return dataset.source.files.format == FileFormat.json
        && dataset.schemaEvolution != SchemaEvolution.fail;
  }

  private void writeQuarantine(Request request, int index, Dataset<Row> batch) {
    TableRef table = Storage.quarantineTable(request.dataset().table);
    String location = request.storage().tableLocation(table);
    batch
        .filter(col(BatchColumns.REJECT).isNotNull())
        .select(
            col(BatchColumns.SOURCE_FILE),
            col(BatchColumns.REJECT).as("_reason"),
            substring(col(BatchColumns.RAW), 1, 65536).as("_raw"),
            lit(request.runId()).as("_run_id"),
            lit(index).as("_batch"),
            current_timestamp().as("_quarantined_at"))
        .write()
        .format("delta")
        .mode(SaveMode.Append)
        .option("txnAppId", request.runId())
        .option("txnVersion", index)
        .save(location);
    Catalog.register(spark, table, location);
  }

  private void writeRows(
      Request request, int index, Dataset<Row> rows, String location, BatchMetadata metadata) {
    DatasetSpec dataset = request.dataset();
    WriteSpec.Mode mode = dataset.writeMode();
    boolean rebuild =
        index == 0 && (request.run().mode == RunMode.full || mode == WriteSpec.Mode.overwrite);
    boolean exists = DeltaCommits.exists(spark, location);
    if (mode == WriteSpec.Mode.merge && exists && !rebuild) {
      merge(request, index, rows, location, metadata, dataset.write.mergeKeys);
      return;
    }
    DataFrameWriter<Row> writer =
        rows.write()
            .format("delta")
            .option("txnAppId", request.runId())
            .option("txnVersion", index)
            .option("userMetadata", metadata.toJson());
    if (rebuild) {
      writer = writer.mode(SaveMode.Overwrite).option("overwriteSchema", "true");
    } else {
      writer = writer.mode(SaveMode.Append).option("mergeSchema", "true");
    }
    if (dataset.partitionBy != null && !dataset.partitionBy.isEmpty()) {
      writer = writer.partitionBy(dataset.partitionBy.toArray(String[]::new));
    }
    writer.save(location);
  }

  private void merge(
      Request request,
      int index,
      Dataset<Row> rows,
      String location,
      BatchMetadata metadata,
      List<String> keys) {
    String condition =
        keys.stream()
            .map(k -> "t.`" + k + "` <=> s.`" + k + "`")
            .collect(Collectors.joining(" AND "));
    Dataset<Row> latest =
        Arrays.asList(rows.columns()).contains(BatchColumns.SOURCE_FILE)
            ? latestFilesRow(rows, keys)
            : oneRowPerKey(request, rows, keys);
    Map<String, String> conf = new HashMap<>();
    conf.put("spark.databricks.delta.write.txnAppId", request.runId());
    conf.put("spark.databricks.delta.write.txnVersion", Integer.toString(index));
    conf.put("spark.databricks.delta.commitInfo.userMetadata", metadata.toJson());
    conf.put("spark.databricks.delta.schema.autoMerge.enabled", "true");
    conf.forEach((k, v) -> spark.conf().set(k, v));
    try {
      DeltaTable.forPath(spark, location)
          .as("t")
          .merge(latest.as("s"), condition)
          .whenMatched()
          .updateAll()
          .whenNotMatched()
          .insertAll()
          .execute();
    } finally {
      conf.keySet().forEach(k -> spark.conf().unset(k));
    }
  }

  /** Several rows of one batch of files may carry the same key: the one from the last file wins. */
  private static Dataset<Row> latestFilesRow(Dataset<Row> rows, List<String> keys) {
    var window =
        org.apache.spark.sql.expressions.Window.partitionBy(
                keys.stream().map(k -> col(k)).toArray(Column[]::new))
            .orderBy(col(BatchColumns.SOURCE_FILE).desc());
    return rows.withColumn("__rank", org.apache.spark.sql.functions.row_number().over(window))
        .filter(col("__rank").equalTo(1))
        .drop("__rank");
  }

  /**
   * A transform's rows carry no file to order them by: identical rows count once, and two different
   * rows for one key are the SQL's to resolve, not the engine's to pick at random.
   */
  private static Dataset<Row> oneRowPerKey(Request request, Dataset<Row> rows, List<String> keys) {
    Dataset<Row> distinct = rows.dropDuplicates();
    Column[] keyColumns = keys.stream().map(k -> col("`" + k + "`")).toArray(Column[]::new);
    List<Row> clash =
        distinct.groupBy(keyColumns).count().filter(col("count").gt(1)).limit(1).collectAsList();
    if (!clash.isEmpty()) {
      Row row = clash.get(0);
      String key =
          IntStream.range(0, keys.size())
              .mapToObj(i -> keys.get(i) + " = " + row.get(i))
              .collect(Collectors.joining(", "));
      throw new RunFailure(
          "the transform of Dataset "
              + request.datasetName()
              + " gives "
              + row.getLong(keys.size())
              + " different rows for merge key "
              + key
              + ": a merge takes one row per key; keep one in the SQL (for example the latest, by "
              + BatchColumns.INGESTED_AT
              + " of a bronze table)");
    }
    return distinct;
  }

  private BatchReader reader(FilesSource source, StructType schema) {
    Map<String, String> options = readerOptions(source);
    return switch (source.format) {
      case json ->
          new JsonBatchReader(spark, schema, Boolean.TRUE.equals(source.multiLine), options);
      case csv, parquet -> new SparkFileReader(spark, source.format.name(), schema, options);
    };
  }

  static Map<String, String> readerOptions(FilesSource source) {
    Map<String, String> options = new HashMap<>();
    if (source.csv != null) {
      options.put("header", String.valueOf(!Boolean.FALSE.equals(source.csv.header)));
      if (source.csv.delimiter != null) {
        options.put("sep", source.csv.delimiter);
      }
      if (source.csv.quote != null) {
        options.put("quote", source.csv.quote);
      }
      if (source.csv.escape != null) {
        options.put("escape", source.csv.escape);
      }
      if (source.csv.encoding != null) {
        options.put("encoding", source.csv.encoding);
      }
    } else if (source.format == FileFormat.csv) {
      options.put("header", "true");
    }
    if (source.options != null) {
      options.putAll(source.options);
    }
    return options;
  }
}
