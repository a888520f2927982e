package dev.lakehouse.query;

import java.nio.file.Path;

/** Where full results go: the lakehouse's bucket in a cluster, a folder in tests. */
public interface ObjectStore {
  /**
   * Stores the file under {@code key}, replacing what was there.
   *
   * @return the object's location, e.g. {@code s3://bucket/key}
   */
  String put(String key, Path file, String contentType);
}
