package dev.lakehouse.jobs.engine;

import dev.lakehouse.api.run.Checkpoint;
import dev.lakehouse.jobs.plan.RunManifest;
import java.io.PrintStream;

/**
 * Prints each step of a run as one line prefixed with the run's name: on the terminal for local
 * runs, in the pod log in a cluster.
 */
public final class ConsoleProgress implements IngestionEngine.Listener {
  private final PrintStream out;

  public ConsoleProgress(PrintStream out) {
    this.out = out;
  }

  @Override
  public void planned(IngestionEngine.Request request, RunManifest manifest, int firstBatch) {
    if (request.dataset().transform != null) {
      out.printf(
          "[%s] %s: running the %s transform%n",
          request.runName(), request.datasetName(), request.dataset().layer);
    } else if (firstBatch >= manifest.batchCount() && manifest.batchCount() > 0) {
      out.printf(
          "[%s] %s: all %d batches already committed%n",
          request.runName(), request.datasetName(), manifest.batchCount());
    } else {
      out.printf(
          "[%s] %s: %d files (%.1f MB) in %d batches of %d%s%s%n",
          request.runName(),
          request.datasetName(),
          manifest.files().size(),
          manifest.bytes() / 1e6,
          manifest.batchCount(),
          manifest.batchSize(),
          firstBatch > 0 ? ", resuming at batch " + (firstBatch + 1) : "",
          manifest.skipped().isEmpty() ? "" : ", " + manifest.skipped().size() + " skipped");
    }
  }

  /** A run whose checkpoint says it finished earlier: nothing is read or committed. */
  public void finishedBefore(IngestionEngine.Request request, Checkpoint done) {
    out.printf(
        "[%s] %s: all %d batches already committed%n",
        request.runName(), request.datasetName(), done.batchesTotal);
  }

  @Override
  public void batchCommitted(
      IngestionEngine.Request request, int batch, int total, Checkpoint c, long millis) {
    out.printf(
        "[%s] batch %d/%d committed: %d rows total, %d rejected, Delta version %d (%.1f s)%n",
        request.runName(),
        batch + 1,
        total,
        orZero(c.rowsWritten),
        orZero(c.rowsRejected),
        c.deltaVersion,
        millis / 1e3);
  }

  @Override
  public void warning(IngestionEngine.Request request, String message) {
    out.printf("[%s] warning: %s%n", request.runName(), message);
  }

  /** The closing line of a run that finished; {@code startedNanos} is from System.nanoTime(). */
  public void succeeded(IngestionEngine.Request request, Checkpoint done, long startedNanos) {
    out.printf(
        "[%s] Succeeded: %d/%d batches, %d files, %d rows written, %d rejected, table %s%s (%.1f s)%n",
        request.runName(),
        done.batchesCommitted,
        done.batchesTotal,
        orZero(done.filesIngested),
        orZero(done.rowsWritten),
        orZero(done.rowsRejected),
        request.dataset().table.qualifiedName(),
        done.table == null || done.table.rowCount == null
            ? ""
            : " (" + done.table.rowCount + " rows)",
        (System.nanoTime() - startedNanos) / 1e9);
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }
}
