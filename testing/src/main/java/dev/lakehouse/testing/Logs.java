package dev.lakehouse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.stream.Stream;

/** Log files of the test servers: where they go, appending notes, reading their end. */
final class Logs {
  static final int TAIL_LINES = 40;

  private Logs() {}

  /**
   * A new log file under {@code target/lakehouse-servers} (or {@code -Dlakehouse.testing.logDir}).
   * Logs live outside the servers' temp dirs so they survive {@code close()} for post-mortems.
   */
  static Path newLogFile(String name) {
    Path dir = Path.of(System.getProperty("lakehouse.testing.logDir", "target/lakehouse-servers"));
    try {
      Files.createDirectories(dir);
      return Files.createTempFile(dir.toAbsolutePath(), name + "-", ".log");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a log file in " + dir.toAbsolutePath(), e);
    }
  }

  static void append(Path log, String line) {
    try {
      Files.writeString(
          log,
          line + System.lineSeparator(),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String tail(Path log, int lines) {
    Deque<String> last = new ArrayDeque<>(lines);
    // Servers may write bytes that are not UTF-8; a post-mortem must not fail on them.
    try (Stream<String> all =
        new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1).lines()) {
      all.forEach(
          line -> {
            if (last.size() == lines) {
              last.removeFirst();
            }
            last.addLast(line);
          });
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
    return String.join(System.lineSeparator(), last);
  }

  static String failure(String what, Path log) {
    return what
        + System.lineSeparator()
        + "--- last "
        + TAIL_LINES
        + " lines of "
        + log.toAbsolutePath()
        + " ---"
        + System.lineSeparator()
        + tail(log, TAIL_LINES);
  }
}
