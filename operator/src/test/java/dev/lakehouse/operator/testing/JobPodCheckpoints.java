package dev.lakehouse.operator.testing;

import dev.lakehouse.api.run.Checkpoint;
import dev.lakehouse.checkpoint.KubernetesCheckpointStore;

/** What an ingestion pod writes into its run's status, for tests that play the pod. */
public final class JobPodCheckpoints {
  private static final long FILES_PER_BATCH = 5000;

  private JobPodCheckpoints() {}

  /** The jobs module's real store, writing the run's status through the mock API server. */
  public static KubernetesCheckpointStore store(MockCluster cluster, String namespace, String run) {
    return new KubernetesCheckpointStore(
        new KubernetesCheckpointStore.Config(cluster.url(), namespace, run, () -> "token", null));
  }

  /**
   * After {@code committed} of {@code total} batches of 5,000 files, one row each, with {@code
   * rejectedPerBatch} rows rejected in each batch.
   */
  public static Checkpoint after(int committed, int total, long rejectedPerBatch) {
    var c = new Checkpoint();
    c.runId = "uid";
    c.batchesTotal = total;
    c.batchesCommitted = committed;
    c.deltaVersion = (long) committed;
    c.filesTotal = total * FILES_PER_BATCH;
    c.filesIngested = committed * FILES_PER_BATCH;
    c.rowsWritten = committed * FILES_PER_BATCH;
    c.rowsRejected = committed * rejectedPerBatch;
    return c;
  }
}
