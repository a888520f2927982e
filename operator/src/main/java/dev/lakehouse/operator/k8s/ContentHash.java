package dev.lakehouse.operator.k8s;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** Short, stable SHA-256 hashes of objects and file maps. */
public final class ContentHash {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private ContentHash() {}

  public static String of(Object value) {
    return ofText(JSON.asJson(value));
  }

  /** Hash of a map independent of its iteration order. */
  public static String ofMap(Map<String, ?> values) {
    return of(new TreeMap<>(values));
  }

  public static String ofText(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
