package dev.lakehouse.jobs.read;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits a whole file into its JSON documents, as Spark's multi-line reader does: one object, a
 * top-level array of objects, or several objects one after another. Without this, parsing the text
 * as one record keeps the first document and silently drops the rest.
 */
final class JsonDocuments {
  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonDocuments() {}

  /** The documents of the text, or empty when it is not well-formed JSON as a whole. */
  static Optional<List<String>> split(String text) {
    List<String> documents = new ArrayList<>();
    try (JsonParser parser = FACTORY.createParser(text)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.START_ARRAY) {
          while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
              return Optional.empty();
            }
            documents.add(value(parser, text));
          }
        } else {
          documents.add(value(parser, text));
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.of(documents);
  }

  private static String value(JsonParser parser, String text) throws IOException {
    int start = (int) parser.currentTokenLocation().getCharOffset();
    parser.skipChildren();
    int end = (int) parser.currentLocation().getCharOffset();
    return start == 0 && end == text.length() ? text : text.substring(start, end);
  }
}
