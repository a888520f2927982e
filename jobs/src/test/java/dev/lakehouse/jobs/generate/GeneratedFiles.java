package dev.lakehouse.jobs.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Test helpers that read what the generators wrote. */
final class GeneratedFiles {
  static final ObjectMapper JSON = new ObjectMapper();

  private GeneratedFiles() {}

  /** The regular files directly in {@code dir}, by name. */
  static List<Path> list(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> names(Path dir) {
    return list(dir).stream().map(p -> p.getFileName().toString()).toList();
  }

  /** File name to content, for every file in {@code dir}. */
  static Map<String, byte[]> contents(Path dir) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (Path file : list(dir)) {
      out.put(file.getFileName().toString(), bytes(file));
    }
    return out;
  }

  static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(Path file) {
    return new String(bytes(file), StandardCharsets.UTF_8);
  }

  static JsonNode parse(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file, e);
    }
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + json, e);
    }
  }

  /** Every line of every file in {@code dir}, parsed. */
  static List<JsonNode> lines(Path dir) {
    List<JsonNode> out = new ArrayList<>();
    for (Path file : list(dir)) {
      for (String line : text(file).split("\n")) {
        out.add(parse(line));
      }
    }
    return out;
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static long totalBytes(Path dir) {
    long total = 0;
    for (Path file : list(dir)) {
      total += bytes(file).length;
    }
    return total;
  }
}
