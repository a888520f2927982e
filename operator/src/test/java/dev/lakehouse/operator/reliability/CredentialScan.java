package dev.lakehouse.operator.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Searches texts for every form of every credential and keeps what it found and how much it read,
 * per kind of text (request bodies, events, objects, log lines). A Secret's {@code data} and {@code
 * stringData} are the one place credentials belong: they are removed before a Secret is searched,
 * its metadata is not.
 */
final class CredentialScan {
  /** A credential found where it must not be; names it, never shows it. */
  record Finding(String kind, String where, String credential, String form) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Credential> credentials;
  private final Map<String, Integer> scanned = new LinkedHashMap<>();
  private final List<Finding> findings = new ArrayList<>();

  CredentialScan(List<Credential> credentials) {
    this.credentials = List.copyOf(credentials);
  }

  /** Scans one text of a kind; {@code where} says which one, for the findings. */
  void scan(String kind, String where, String text) {
    search(kind, where, text == null ? null : withoutSecretData(text, false));
  }

  /**
   * Scans a request: its path and its body; a write to a Secret may hold credentials in its data
   * even without a kind field (a patch).
   */
  void scanRequest(String kind, String where, String body, boolean toSecret) {
    search(kind, where, where + "\n" + (body == null ? "" : withoutSecretData(body, toSecret)));
  }

  private void search(String kind, String where, String searched) {
    scanned.merge(kind, 1, Integer::sum);
    if (searched == null) {
      return;
    }
    for (Credential credential : credentials) {
      for (Map.Entry<String, String> form : credential.forms().entrySet()) {
        if (searched.contains(form.getValue())) {
          findings.add(new Finding(kind, where, credential.source(), form.getKey()));
        }
      }
    }
  }

  /**
   * A JSON Secret (or a list with Secrets) without its data, any other text as it is; {@code
   * secret} says the top-level object is a Secret whatever its kind field says.
   */
  static String withoutSecretData(String text, boolean secret) {
    String trimmed = text.strip();
    if (!trimmed.startsWith("{")) {
      return text;
    }
    try {
      JsonNode node = JSON.readTree(trimmed);
      if (secret && node instanceof ObjectNode object) {
        object.remove(List.of("data", "stringData"));
      }
      strip(node);
      return JSON.writeValueAsString(node);
    } catch (IOException e) {
      return text;
    }
  }

  private static void strip(JsonNode node) {
    if (node instanceof ObjectNode object) {
      if ("Secret".equals(object.path("kind").asText())) {
        object.remove(List.of("data", "stringData"));
      }
      object.forEach(CredentialScan::strip);
    } else if (node.isArray()) {
      node.forEach(CredentialScan::strip);
    }
  }

  Map<String, Integer> scanned() {
    return Map.copyOf(scanned);
  }

  int scanned(String kind) {
    return scanned.getOrDefault(kind, 0);
  }

  List<Finding> findings() {
    return List.copyOf(findings);
  }
}
