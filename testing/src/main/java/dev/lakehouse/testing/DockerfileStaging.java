package dev.lakehouse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The jars a module's build staged for its Dockerfile, as the coordinates Maven resolved them with
 * ({@code dependency:list} written to a file), so a test can check the staged folder holds exactly
 * that set and each artifact in one version only.
 */
public final class DockerfileStaging {
  /** SLF4J providers and 1.x bindings: with two on a classpath, SLF4J picks one and says so. */
  private static final Set<String> SLF4J_BINDINGS =
      Set.of(
          "logback-classic",
          "log4j-slf4j2-impl",
          "log4j-slf4j-impl",
          "slf4j-reload4j",
          "slf4j-log4j12",
          "slf4j-simple",
          "slf4j-jdk14",
          "slf4j-nop");

  private DockerfileStaging() {}

  /** One resolved artifact; {@code classifier} is empty when it has none. */
  public record Artifact(
      String groupId, String artifactId, String type, String classifier, String version) {
    /** {@code groupId:artifactId}: the same artifact whatever its version and classifier. */
    public String key() {
      return groupId + ":" + artifactId;
    }

    /** The name {@code dependency:copy-dependencies} gives the file by default. */
    public String fileName() {
      return artifactId
          + "-"
          + version
          + (classifier.isEmpty() ? "" : "-" + classifier)
          + "."
          + type;
    }
  }

  /**
   * Reads what {@code dependency:list} wrote: lines {@code g:a:type[:classifier]:version:scope},
   * each maybe followed by {@code -- module ...}.
   */
  public static List<Artifact> readList(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    List<Artifact> artifacts = new ArrayList<>();
    for (String line : lines) {
      String text = line.strip();
      if (text.isEmpty() || text.startsWith("The following") || text.equals("none")) {
        continue;
      }
      String[] parts = text.split("\\s+")[0].split(":");
      switch (parts.length) {
        case 5 -> artifacts.add(new Artifact(parts[0], parts[1], parts[2], "", parts[3]));
        case 6 -> artifacts.add(new Artifact(parts[0], parts[1], parts[2], parts[3], parts[4]));
        default -> throw new IllegalArgumentException(file + ": not a dependency: " + line);
      }
    }
    return artifacts;
  }

  /** The artifacts present in more than one version: {@code groupId:artifactId -> versions}. */
  public static Map<String, TreeSet<String>> versionConflicts(List<Artifact> artifacts) {
    Map<String, TreeSet<String>> versions = new TreeMap<>();
    for (Artifact a : artifacts) {
      versions.computeIfAbsent(a.key(), k -> new TreeSet<>()).add(a.version());
    }
    versions.values().removeIf(v -> v.size() < 2);
    return versions;
  }

  /** The artifactIds among these that bind SLF4J to a logging backend. */
  public static List<String> slf4jBindings(List<Artifact> artifacts) {
    return artifacts.stream().map(Artifact::artifactId).filter(SLF4J_BINDINGS::contains).toList();
  }

  /** The file names in a staged folder, sorted. */
  public static List<String> fileNames(Path dir) {
    try (var files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
