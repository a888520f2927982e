package dev.lakehouse.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The classpath of a server JVM, resolved by Maven at build time into a resource of this jar. */
final class ServerClasspath {
  private ServerClasspath() {}

  /** Reads {@code dev/lakehouse/testing/<name>.classpath} (written by maven-dependency-plugin). */
  static List<Path> of(String name) {
    String resource = name + ".classpath";
    String text;
    try (InputStream in = ServerClasspath.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            resource
                + " is missing from lakehouse-testing: build it with Maven (mvn -pl testing"
                + " package), which resolves the server classpaths");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Path> entries = Arrays.stream(text.split(":")).map(Path::of).toList();
    List<Path> missing = entries.stream().filter(path -> !Files.isRegularFile(path)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          name
              + " classpath refers to files that are gone (rebuild lakehouse-testing): "
              + missing);
    }
    return entries;
  }
}
