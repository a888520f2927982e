package dev.lakehouse.operator.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Publishes a suite's markdown report: on stdout and under the module's target/bench/. */
final class BenchReports {
  private BenchReports() {}

  static Path publish(String fileName, String markdown) {
    System.out.println(markdown);
    Path file = Path.of("target", "bench", fileName);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, markdown, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}
