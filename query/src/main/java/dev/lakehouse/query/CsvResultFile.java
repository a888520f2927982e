package dev.lakehouse.query;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CSV with a header row, quoted as RFC 4180 says, with LF line ends. SQL NULL is an empty field and
 * an empty string is {@code ""}, so the two stay apart.
 */
final class CsvResultFile implements ResultFile {
  private final BufferedWriter out;

  CsvResultFile(Path file, List<ResultColumn> columns) throws IOException {
    out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    line(columns.stream().map(ResultColumn::name).toArray(String[]::new));
  }

  @Override
  public void write(Object[] values, String[] texts) throws IOException {
    line(texts);
  }

  private void line(String[] fields) throws IOException {
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        out.write(',');
      }
      field(fields[i]);
    }
    out.write('\n');
  }

  private void field(String value) throws IOException {
    if (value == null) {
      return;
    }
    if (value.isEmpty() || needsQuotes(value)) {
      out.write('"');
      out.write(value.replace("\"", "\"\""));
      out.write('"');
    } else {
      out.write(value);
    }
  }

  private static boolean needsQuotes(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ',' || c == '"' || c == '\n' || c == '\r') {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
