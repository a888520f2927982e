package dev.lakehouse.query;

import java.util.Objects;

/** Where and how to write a query's full result. */
public record ResultOutput(ResultFormat format, ObjectStore store, String key) {
  public ResultOutput {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(key, "key");
  }
}
