package dev.lakehouse.operator.reliability;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One credential, named by where it lives ({@code Secret/name key}), and the forms in which it
 * could leak: as is, URL-encoded (form and path style), and base64 in the standard and URL-safe
 * alphabets. Base64 inside a longer blob depends on the bytes before it, so for each of the three
 * alignments the characters that encode the credential's bytes alone are searched.
 */
record Credential(String source, String value) {
  /** Each distinct form once, by name. */
  Map<String, String> forms() {
    Map<String, String> forms = new LinkedHashMap<>();
    add(forms, "plain", value);
    String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
    add(forms, "url-encoded", encoded);
    add(forms, "url-encoded (path)", encoded.replace("+", "%20"));
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    for (int offset = 0; offset < 3; offset++) {
      add(forms, "base64 at offset " + offset, base64Core(Base64.getEncoder(), bytes, offset));
      add(
          forms,
          "base64url at offset " + offset,
          base64Core(Base64.getUrlEncoder(), bytes, offset));
    }
    return forms;
  }

  /** A form equal to an earlier one (base64url without + or /, say) is searched once. */
  private static void add(Map<String, String> forms, String name, String text) {
    if (!forms.containsValue(text)) {
      forms.put(name, text);
    }
  }

  /** The base64 characters that encode only the credential's bytes, placed after offset bytes. */
  private static String base64Core(Base64.Encoder encoder, byte[] bytes, int offset) {
    byte[] shifted = new byte[offset + bytes.length];
    System.arraycopy(bytes, 0, shifted, offset, bytes.length);
    String encoded = encoder.withoutPadding().encodeToString(shifted);
    int first = (8 * offset + 5) / 6; // the first character whose bits all lie in the credential
    int end = 8 * (offset + bytes.length) / 6; // past the last such character
    return encoded.substring(first, end);
  }

  /** Never the value: reports name a credential by its Secret and key. */
  @Override
  public String toString() {
    return source;
  }
}
