package dev.lakehouse.jobs.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** A Markdown table the reliability suites print and leave under target/bench/ for the docs. */
final class MarkdownTable {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  MarkdownTable(String... header) {
    this.header = List.of(header);
  }

  MarkdownTable row(Object... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException(cells.length + " cells for " + header.size() + " columns");
    }
    List<String> row = new ArrayList<>();
    for (Object cell : cells) {
      row.add(escape(String.valueOf(cell)));
    }
    rows.add(row);
    return this;
  }

  String render() {
    StringBuilder out = new StringBuilder();
    out.append(line(header));
    out.append(line(header.stream().map(h -> "---").toList()));
    rows.forEach(row -> out.append(line(row)));
    return out.toString();
  }

  /**
   * Writes a report to target/bench/{@code name} of the module under test (so {@code mvn clean}
   * removes it) and prints it.
   */
  static Path write(String name, String markdown) throws IOException {
    Path dir =
        Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target", "bench");
    Files.createDirectories(dir);
    Path file = dir.resolve(name);
    Files.writeString(file, markdown, StandardCharsets.UTF_8);
    System.out.println(markdown);
    System.out.println("(written to " + file + ")");
    return file;
  }

  private static String line(List<String> cells) {
    return cells.stream().collect(Collectors.joining(" | ", "| ", " |\n"));
  }

  /** One line per cell; a pipe would end the cell. */
  private static String escape(String text) {
    return text.replace("\r", "").replace("\n", " ").replace("|", "\\|");
  }
}
