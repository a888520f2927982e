package dev.lakehouse.jobs.local;

import dev.lakehouse.jobs.engine.Storage;
import java.nio.file.Path;

/**
 * The folders a laptop run uses under one home (default {@code .lakehouse/}): a folder per bucket
 * standing in for object storage, checkpoints per run, Spark's scratch space.
 */
public record LocalLayout(Path home) implements RunLayout {
  @Override
  public Storage storage(String bucket) {
    return new Storage(home.resolve("buckets").resolve(bucket).toAbsolutePath().toUri().toString());
  }

  @Override
  public Path checkpoint(String namespace, String run) {
    return home.resolve("state").resolve(namespace).resolve(run + ".json");
  }

  public Path sparkWarehouse() {
    return home.resolve("spark-warehouse").toAbsolutePath();
  }
}
