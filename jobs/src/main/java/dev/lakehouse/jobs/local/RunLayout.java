package dev.lakehouse.jobs.local;

import dev.lakehouse.jobs.engine.Storage;
import java.nio.file.Path;

/** Where the runner's tables and checkpoints live: local folders, or a real bucket in tests. */
public interface RunLayout {
  Storage storage(String bucket);

  Path checkpoint(String namespace, String run);
}
