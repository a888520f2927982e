package dev.lakehouse.jobs.generate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The byte layouts of the real exports, so generated files look like the files the pipelines were
 * written for. Every layout uses {@code \n} line ends whatever the platform.
 */
final class JsonOut {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory PLAIN = MAPPER.getFactory();
  private static final JsonFactory ASCII =
      JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  private JsonOut() {}

  /**
   * Multi-line, two-space indent, {@code "key": value}, empty containers as {@code []}/{@code {}},
   * a final new line: the layout of a Raygun export file.
   */
  static byte[] pretty(JsonNode node) {
    return write(PLAIN, new IndentedPrinter(), node, true);
  }

  /**
   * One line with {@code ", "} and {@code ": "} separators and non-ASCII characters escaped, no
   * final new line: what Python's {@code json.dump} writes (PokeAPI dumps, STEDI customers).
   */
  static byte[] python(JsonNode node) {
    return write(ASCII, new PythonPrinter(), node, false);
  }

  /** One line without spaces, no final new line (STEDI sensor readings). */
  static byte[] compact(JsonNode node) {
    return write(PLAIN, null, node, false);
  }

  private static byte[] write(
      JsonFactory factory, PrettyPrinter printer, JsonNode node, boolean newline) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16_384);
    try (JsonGenerator g = factory.createGenerator(out)) {
      if (printer != null) {
        g.setPrettyPrinter(printer);
      }
      MAPPER.writeTree(g, node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (newline) {
      out.write('\n');
    }
    return out.toByteArray();
  }

  /**
   * Writes the file through a temporary name in the same directory and renames it, so a reader
   * listing the directory never sees half a file. The temporary name does not end in the file's
   * extension.
   */
  static void writeFile(Path file, byte[] bytes) {
    Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
    try {
      Files.write(temporary, bytes);
      try {
        Files.move(
            temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Two-space indentation, one entry per line. */
  private static final class IndentedPrinter implements PrettyPrinter {
    private int depth;

    private void newline(JsonGenerator g) throws IOException {
      g.writeRaw('\n');
      for (int i = 0; i < depth; i++) {
        g.writeRaw("  ");
      }
    }

    @Override
    public void writeRootValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw('\n');
    }

    @Override
    public void writeStartObject(JsonGenerator g) throws IOException {
      g.writeRaw('{');
      depth++;
    }

    @Override
    public void writeEndObject(JsonGenerator g, int entries) throws IOException {
      depth--;
      if (entries > 0) {
        newline(g);
      }
      g.writeRaw('}');
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
      g.writeRaw(',');
      newline(g);
    }

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(": ");
    }

    @Override
    public void writeStartArray(JsonGenerator g) throws IOException {
      g.writeRaw('[');
      depth++;
    }

    @Override
    public void writeEndArray(JsonGenerator g, int values) throws IOException {
      depth--;
      if (values > 0) {
        newline(g);
      }
      g.writeRaw(']');
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(',');
      newline(g);
    }

    @Override
    public void beforeArrayValues(JsonGenerator g) throws IOException {
      newline(g);
    }

    @Override
    public void beforeObjectEntries(JsonGenerator g) throws IOException {
      newline(g);
    }
  }

  /** Python's default {@code json.dumps} separators. Stateless. */
  private static final class PythonPrinter implements PrettyPrinter {
    @Override
    public void writeRootValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw('\n');
    }

    @Override
    public void writeStartObject(JsonGenerator g) throws IOException {
      g.writeRaw('{');
    }

    @Override
    public void writeEndObject(JsonGenerator g, int entries) throws IOException {
      g.writeRaw('}');
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
      g.writeRaw(", ");
    }

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(": ");
    }

    @Override
    public void writeStartArray(JsonGenerator g) throws IOException {
      g.writeRaw('[');
    }

    @Override
    public void writeEndArray(JsonGenerator g, int values) throws IOException {
      g.writeRaw(']');
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(", ");
    }

    @Override
    public void beforeArrayValues(JsonGenerator g) {}

    @Override
    public void beforeObjectEntries(JsonGenerator g) {}
  }
}
