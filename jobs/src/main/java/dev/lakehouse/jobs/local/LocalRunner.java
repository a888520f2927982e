package dev.lakehouse.jobs.local;

import dev.lakehouse.api.dataset.DatasetSpec;
import dev.lakehouse.api.dataset.Layer;
import dev.lakehouse.api.dataset.UpstreamRule;
import dev.lakehouse.api.query.QueryOutput;
import dev.lakehouse.api.query.QuerySpec;
import dev.lakehouse.api.run.Checkpoint;
import dev.lakehouse.api.run.IngestionRunSpec;
import dev.lakehouse.checkpoint.LocalCheckpointStore;
import dev.lakehouse.jobs.engine.Catalog;
import dev.lakehouse.jobs.engine.ConsoleProgress;
import dev.lakehouse.jobs.engine.DeltaCommits;
import dev.lakehouse.jobs.engine.IngestionEngine;
import dev.lakehouse.jobs.engine.Storage;
import dev.lakehouse.jobs.manifest.Manifest;
import dev.lakehouse.jobs.manifest.ManifestSet;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Runs manifests on a laptop: IngestionRuns in dependency order (bronze before what reads it),
 * silver and gold Datasets that follow their upstream, then Queries, printed as tables. Checkpoints
 * are files, so a rerun resumes a run or skips it when it is done.
 */
public final class LocalRunner {
  private final Supplier<SparkSession> sparkSupplier;
  private final RunLayout layout;
  private final PrintStream out;
  private final ConsoleProgress progress;
  private SparkSession session;
  private IngestionEngine engine;
  private final Set<String> waiting = new HashSet<>();

  public LocalRunner(SparkSession spark, RunLayout layout, PrintStream out) {
    this(() -> spark, layout, out);
  }

  /** Asks for Spark only when a run has work left or a query runs. */
  public LocalRunner(Supplier<SparkSession> spark, RunLayout layout, PrintStream out) {
    this.sparkSupplier = spark;
    this.layout = layout;
    this.out = out;
    this.progress = new ConsoleProgress(out);
  }

  public static String bucket(ManifestSet manifests) {
    return manifests.lakehouses.stream()
        .findFirst()
        .map(l -> l.spec().storage.bucket)
        .orElse("lakehouse");
  }

  public void run(ManifestSet manifests) throws IOException {
    Storage storage = layout.storage(bucket(manifests));
    Set<String> succeeded = new HashSet<>();
    List<Manifest<IngestionRunSpec>> runs = ordered(manifests);
    for (int i = 0; i < runs.size(); i++) {
      Manifest<IngestionRunSpec> run = runs.get(i);
      Manifest<DatasetSpec> dataset = manifests.dataset(run.spec().dataset).orElseThrow();
      ingest(
          manifests,
          storage,
          run.name(),
          run.uid() != null ? run.uid() : "local-" + run.namespace() + "-" + run.name(),
          run.namespace(),
          dataset,
          run.spec());
      succeeded.add(dataset.name());
      Set<String> toWrite = stillToWrite(manifests, runs.subList(i + 1, runs.size()), succeeded);
      followUpstream(manifests, storage, run.name(), succeeded, toWrite);
    }
    for (Manifest<QuerySpec> query : manifests.queries) {
      query(manifests, query, storage);
    }
  }

  private void ingest(
      ManifestSet manifests,
      Storage storage,
      String runName,
      String runId,
      String namespace,
      Manifest<DatasetSpec> dataset,
      IngestionRunSpec spec)
      throws IOException {
    long started = System.nanoTime();
    var request =
        new IngestionEngine.Request(runName, runId, dataset.name(), dataset.spec(), spec, storage);
    var store = new LocalCheckpointStore(layout.checkpoint(namespace, runName));
    Optional<Checkpoint> finished = store.load().filter(c -> finished(c, runId));
    if (finished.isPresent()) {
      progress.finishedBefore(request, finished.get());
      progress.succeeded(request, finished.get(), started);
      return;
    }
    Checkpoint done = engine(manifests, storage).ingest(request, store);
    progress.succeeded(request, done, started);
  }

  /**
   * A run whose checkpoint has every batch and the table facts the engine records last: Delta
   * committed all of it before the checkpoint said so, so there is nothing to read or commit.
   */
  static boolean finished(Checkpoint checkpoint, String runId) {
    return runId.equals(checkpoint.runId)
        && checkpoint.batchesTotal != null
        && checkpoint.batchesCommitted != null
        && checkpoint.batchesCommitted >= checkpoint.batchesTotal
        && checkpoint.table != null;
  }

  private IngestionEngine engine(ManifestSet manifests, Storage storage) {
    if (engine == null) {
      engine = new IngestionEngine(spark(manifests, storage), progress);
    }
    return engine;
  }

  /** The session, with the tables of earlier runs registered in its empty catalog. */
  private SparkSession spark(ManifestSet manifests, Storage storage) {
    if (session == null) {
      session = sparkSupplier.get();
      registerExistingTables(manifests, storage);
    }
    return session;
  }

  /**
   * Silver and gold Datasets with runAfterUpstream, by {@link UpstreamRule}, as in a cluster: once
   * an upstream ran here, when no upstream has a run still to come here and every upstream table
   * exists (made here or by an earlier invocation); each at most once per invocation.
   */
  private void followUpstream(
      ManifestSet manifests,
      Storage storage,
      String trigger,
      Set<String> succeeded,
      Set<String> toWrite)
      throws IOException {
    boolean ran = true;
    while (ran) {
      ran = false;
      for (Manifest<DatasetSpec> next : manifests.datasets) {
        DatasetSpec spec = next.spec();
        if (!Boolean.TRUE.equals(spec.runAfterUpstream)
            || spec.transform == null
            || succeeded.contains(next.name())) {
          continue;
        }
        UpstreamRule.Decision decision =
            UpstreamRule.decide(
                spec.transform.upstream,
                succeeded::contains,
                toWrite::contains,
                upstream ->
                    succeeded.contains(upstream) || tableExists(manifests, storage, upstream));
        if (decision == UpstreamRule.Decision.WAIT_FOR_TABLES && waiting.add(next.name())) {
          out.printf(
              "[%s] not run: upstream %s has no table yet (run it first)%n",
              next.name(),
              spec.transform.upstream.stream()
                  .filter(u -> !succeeded.contains(u) && !tableExists(manifests, storage, u))
                  .toList());
        }
        if (decision != UpstreamRule.Decision.FOLLOW) {
          continue;
        }
        IngestionRunSpec run = new IngestionRunSpec();
        run.dataset = next.name();
        String runName = next.name() + "-after-" + trigger;
        ingest(
            manifests,
            storage,
            runName,
            "local-" + next.namespace() + "-" + runName,
            next.namespace(),
            next,
            run);
        succeeded.add(next.name());
        ran = true;
      }
    }
  }

  /**
   * The Datasets that will still write in this invocation: those of the runs to come, and,
   * transitively, the Datasets that follow them and have not run yet.
   */
  static Set<String> stillToWrite(
      ManifestSet manifests, List<Manifest<IngestionRunSpec>> comingRuns, Set<String> succeeded) {
    Set<String> writing = new HashSet<>();
    comingRuns.forEach(r -> writing.add(r.spec().dataset));
    boolean grew = true;
    while (grew) {
      grew = false;
      for (Manifest<DatasetSpec> dataset : manifests.datasets) {
        DatasetSpec spec = dataset.spec();
        if (Boolean.TRUE.equals(spec.runAfterUpstream)
            && spec.transform != null
            && !succeeded.contains(dataset.name())
            && spec.transform.upstream.stream().anyMatch(writing::contains)) {
          grew |= writing.add(dataset.name());
        }
      }
    }
    return writing;
  }

  private boolean tableExists(ManifestSet manifests, Storage storage, String datasetName) {
    return manifests
        .dataset(datasetName)
        .map(d -> spark(manifests, storage).catalog().tableExists(d.spec().table.qualifiedName()))
        .orElse(false);
  }

  /** Bronze runs first, then silver, then gold, each in file order. */
  static List<Manifest<IngestionRunSpec>> ordered(ManifestSet manifests) {
    List<Manifest<IngestionRunSpec>> runs = new ArrayList<>(manifests.runs);
    runs.sort(
        Comparator.comparing(
            r -> manifests.dataset(r.spec().dataset).map(d -> d.spec().layer).orElse(Layer.gold)));
    return runs;
  }

  /** The in-memory catalog starts empty: register every table earlier runs left behind. */
  private void registerExistingTables(ManifestSet manifests, Storage storage) {
    for (Manifest<DatasetSpec> dataset : manifests.datasets) {
      var table = dataset.spec().table;
      for (var ref : List.of(table, Storage.quarantineTable(table))) {
        String location = storage.tableLocation(ref);
        if (DeltaCommits.exists(session, location)) {
          Catalog.register(session, ref, location);
        }
      }
    }
  }

  private void query(ManifestSet manifests, Manifest<QuerySpec> query, Storage storage) {
    QuerySpec spec = query.spec();
    SparkSession spark = spark(manifests, storage);
    if (spec.schema != null) {
      spark.catalog().setCurrentDatabase(spec.schema);
    }
    long started = System.nanoTime();
    Dataset<Row> result = spark.sql(spec.sql);
    int limit = spec.maxRows == null ? 100 : spec.maxRows;
    List<Row> rows = result.limit(limit + 1).collectAsList();
    List<String> header = List.of(result.columns());
    List<List<String>> cells = new ArrayList<>();
    for (Row row : rows.subList(0, Math.min(limit, rows.size()))) {
      List<String> line = new ArrayList<>();
      for (int i = 0; i < row.length(); i++) {
        line.add(row.isNullAt(i) ? null : String.valueOf(row.get(i)));
      }
      cells.add(line);
    }
    out.printf("%n[%s] %s%n", query.name(), spec.sql.strip().replaceAll("\\s+", " "));
    out.print(ConsoleTable.render(header, cells));
    out.printf(
        "(%d rows%s, %.1f s)%n",
        cells.size(),
        rows.size() > limit ? ", more not shown" : "",
        (System.nanoTime() - started) / 1e9);
    if (spec.output != null) {
      String location = storage.bucketUri() + "/" + spec.output.path;
      var writer = result.coalesce(1).write().mode(SaveMode.Overwrite);
      if (spec.output.format == QueryOutput.Format.parquet) {
        writer.parquet(location);
      } else {
        writer.option("header", "true").csv(location);
      }
      out.printf("[%s] full result written to %s%n", query.name(), location);
    }
  }
}
