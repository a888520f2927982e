package dev.lakehouse.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** AWS Signature Version 4 for the harness's own S3 calls. */
final class SigV4 {
  static final String EMPTY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private SigV4() {}

  /**
   * The {@code Authorization} header value. {@code headers} must hold every header to sign,
   * including {@code host}, {@code x-amz-date} and {@code x-amz-content-sha256}; {@code rawPath}
   * and {@code rawQuery} are already URI-encoded the way S3 expects.
   */
  static String authorization(
      String method,
      String rawPath,
      String rawQuery,
      Map<String, String> headers,
      String payloadSha256,
      String region,
      String accessKey,
      String secretKey) {
    Map<String, String> canonical = new TreeMap<>();
    headers.forEach((name, value) -> canonical.put(name.toLowerCase(), value.trim()));
    String amzDate = canonical.get("x-amz-date");
    String date = amzDate.substring(0, 8);
    String signedHeaders = String.join(";", canonical.keySet());
    String canonicalRequest =
        String.join(
            "\n",
            method,
            rawPath.isEmpty() ? "/" : rawPath,
            canonicalQuery(rawQuery),
            canonical.entrySet().stream()
                    .map(e -> e.getKey() + ":" + e.getValue())
                    .collect(Collectors.joining("\n"))
                + "\n",
            signedHeaders,
            payloadSha256);
    String scope = date + "/" + region + "/s3/aws4_request";
    String stringToSign =
        String.join("\n", "AWS4-HMAC-SHA256", amzDate, scope, sha256Hex(bytes(canonicalRequest)));
    byte[] key = hmac(bytes("AWS4" + secretKey), date);
    key = hmac(key, region);
    key = hmac(key, "s3");
    key = hmac(key, "aws4_request");
    String signature = HexFormat.of().formatHex(hmac(key, stringToSign));
    return "AWS4-HMAC-SHA256 Credential="
        + accessKey
        + "/"
        + scope
        + ", SignedHeaders="
        + signedHeaders
        + ", Signature="
        + signature;
  }

  /** S3's URI encoding: RFC 3986 unreserved characters stay, '/' stays only in object keys. */
  static String encode(String value, boolean keepSlash) {
    StringBuilder out = new StringBuilder();
    for (byte b : bytes(value)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~'
          || (keepSlash && c == '/')) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  static String sha256Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The SHA-256 of a file, read in blocks. */
  static String sha256Hex(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] block = new byte[1 << 16];
      for (int n = in.read(block); n >= 0; n = in.read(block)) {
        digest.update(block, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String> pairs = new ArrayList<>();
    for (String pair : rawQuery.split("&")) {
      pairs.add(pair.contains("=") ? pair : pair + "=");
    }
    pairs.sort(null);
    return String.join("&", pairs);
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(bytes(data));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
