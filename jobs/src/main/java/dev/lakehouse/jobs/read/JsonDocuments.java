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
 * as one record keeps the first document and silently drops the rest. The same pass notes each
 * document's top-level field names, so finding fields outside the schema costs no second parse.
 */
final class JsonDocuments {
  private static final JsonFactory FACTORY = new JsonFactory();

  /** A document's text and its top-level field names (null when it is not an object). */
  record Document(String text, List<String> fields) {}

  private JsonDocuments() {}

  /** The documents of the text, or empty when it is not well-formed JSON as a whole. */
  static Optional<List<Document>> split(String text) {
    List<Document> documents = new ArrayList<>();
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

  /**
   * The top-level field names of one JSON document (a line of a line-delimited file), or null when
   * it is not a well-formed object.
   */
  static List<String> fields(String document) {
    try (JsonParser parser = FACTORY.createParser(document)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      List<String> fields = fieldsOfObject(parser);
      return parser.nextToken() == null ? fields : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static Document value(JsonParser parser, String text) throws IOException {
    int start = (int) parser.currentTokenLocation().getCharOffset();
    List<String> fields = null;
    if (parser.currentToken() == JsonToken.START_OBJECT) {
      fields = fieldsOfObject(parser);
    } else {
      parser.skipChildren();
    }
    int end = (int) parser.currentLocation().getCharOffset();
    return new Document(
        start == 0 && end == text.length() ? text : text.substring(start, end), fields);
  }

  /** Reads an object from its START_OBJECT to its END_OBJECT, noting the names of its fields. */
  private static List<String> fieldsOfObject(JsonParser parser) throws IOException {
    List<String> fields = new ArrayList<>();
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      fields.add(parser.currentName());
      parser.nextToken();
      parser.skipChildren();
    }
    if (token != JsonToken.END_OBJECT) {
      throw new IOException("the object is not closed");
    }
    return fields;
  }
}
