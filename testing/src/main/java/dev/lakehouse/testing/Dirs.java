package dev.lakehouse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Temporary directories of the test servers. */
final class Dirs {
  private Dirs() {}

  static Path newTempDir(String name) {
    try {
      return Files.createTempDirectory("lakehouse-" + name + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Best effort: a leftover temp dir must not turn a passing test into a failure. */
  static void deleteQuietly(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.deleteIfExists(path);
                } catch (IOException ignored) {
                  // Left for the OS to clean up with the rest of the temp dir.
                }
              });
    } catch (IOException | UncheckedIOException ignored) {
      // Same as above.
    }
  }
}
