package dev.lakehouse.checkpoint;

import dev.lakehouse.api.run.Checkpoint;
import java.util.Optional;

/**
 * Where a run's progress survives the process: the IngestionRun status in a cluster, a state file
 * on a laptop. The engine saves after every committed batch and loads once when it starts.
 */
public interface CheckpointStore {
  /** The last saved checkpoint, or empty for a run that never committed a batch. */
  Optional<Checkpoint> load();

  /**
   * Records progress. Implementations never move a checkpoint backwards: a save with fewer
   * committed batches than the stored one (a stale writer) is ignored.
   */
  void save(Checkpoint checkpoint);
}
