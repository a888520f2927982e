package dev.lakehouse.jobs.manifest;

import java.nio.file.Path;

/** One lakehouse.dev resource read from a file: where it came from, its name, its spec. */
public record Manifest<S>(
    Path file, String kind, String name, String namespace, String uid, S spec) {
  public String describe() {
    return file + ": " + kind + " " + name;
  }
}
