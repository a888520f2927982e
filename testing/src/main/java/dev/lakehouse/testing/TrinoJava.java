package dev.lakehouse.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;

/** Finds a Java runtime for the Trino server, which needs a newer one than the tests run on. */
final class TrinoJava {
  /** Trino 476 refuses to start on anything older. */
  static final int MINIMUM = 24;

  static final String PROPERTY = "lakehouse.trino.java";
  static final String ENV = "TRINO_JAVA_HOME";

  /** Where JDK packages and installers put their JDKs (Debian/Ubuntu, images, macOS). */
  private static final List<Path> ROOTS =
      List.of(
          Path.of("/usr/lib/jvm"),
          Path.of("/opt/java"),
          Path.of("/Library/Java/JavaVirtualMachines"));

  private TrinoJava() {}

  /** The {@code java} executable to run Trino with. */
  static Path executable() {
    String property = blankToNull(System.getProperty(PROPERTY));
    String env = blankToNull(System.getenv(ENV));
    String explicitSource = property != null ? "-D" + PROPERTY : ENV;
    String explicit = property != null ? property : env;
    List<Path> candidates = new ArrayList<>();
    if (blankToNull(System.getenv("JAVA_HOME")) != null) {
      candidates.add(Path.of(System.getenv("JAVA_HOME")));
    }
    candidates.add(Path.of(System.getProperty("java.home")));
    ROOTS.forEach(root -> candidates.addAll(installedUnder(root)));
    Path home =
        choose(explicitSource, explicit == null ? null : Path.of(explicit), candidates, MINIMUM);
    return javaIn(home);
  }

  /**
   * An explicit choice wins and must be new enough; otherwise the newest candidate of at least
   * {@code minimum} (the first one found on a tie).
   */
  static Path choose(String explicitSource, Path explicit, List<Path> candidates, int minimum) {
    if (explicit != null) {
      Path home = homeOf(explicit);
      OptionalInt version = version(home);
      if (version.isEmpty() || version.getAsInt() < minimum) {
        throw new ServerStartException(
            explicitSource
                + "="
                + explicit
                + " is "
                + describe(version)
                + ", but Trino needs Java "
                + minimum
                + " or newer. "
                + howToProvide(minimum));
      }
      return home;
    }
    Path best = null;
    int bestVersion = 0;
    List<String> seen = new ArrayList<>();
    for (Path candidate : candidates) {
      OptionalInt version = version(candidate);
      seen.add(candidate + " (" + describe(version) + ")");
      if (version.isPresent()
          && version.getAsInt() >= minimum
          && version.getAsInt() > bestVersion) {
        best = candidate;
        bestVersion = version.getAsInt();
      }
    }
    if (best == null) {
      throw new ServerStartException(
          "Trino needs Java "
              + minimum
              + " or newer and none was found; looked at "
              + (seen.isEmpty() ? "nothing" : String.join(", ", seen))
              + ". "
              + howToProvide(minimum));
    }
    return best;
  }

  private static String howToProvide(int minimum) {
    return "Install a JDK "
        + minimum
        + "+ (for example Temurin 25 from adoptium.net, or the temurin-25-jdk package) and set "
        + ENV
        + " (or -D"
        + PROPERTY
        + ") to its folder; /usr/lib/jvm is also searched.";
  }

  /** The feature version a JDK's {@code release} file names, if it is a JDK with a java binary. */
  static OptionalInt version(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release) || !Files.isExecutable(javaIn(home))) {
      return OptionalInt.empty();
    }
    try (Stream<String> lines = Files.lines(release, StandardCharsets.ISO_8859_1)) {
      return lines
          .filter(line -> line.startsWith("JAVA_VERSION="))
          .findFirst()
          .map(line -> featureVersion(line.substring("JAVA_VERSION=".length())))
          .orElse(OptionalInt.empty());
    } catch (IOException e) {
      return OptionalInt.empty();
    }
  }

  /** {@code "25.0.3"} is 25, {@code "24-ea"} 24, and the old scheme's {@code "1.8.0_292"} 8. */
  static OptionalInt featureVersion(String javaVersion) {
    String value = javaVersion.trim().replace("\"", "");
    if (value.startsWith("1.")) {
      value = value.substring(2);
    }
    int end = 0;
    while (end < value.length() && Character.isDigit(value.charAt(end))) {
      end++;
    }
    if (end == 0 || end > 4) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(Integer.parseInt(value.substring(0, end)));
  }

  /** Each JDK folder under {@code root}; macOS bundles keep theirs in Contents/Home. */
  static List<Path> installedUnder(Path root) {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> children = Files.list(root)) {
      return children
          .map(
              child ->
                  Files.isDirectory(child.resolve("Contents/Home"))
                      ? child.resolve("Contents/Home")
                      : child)
          .filter(Files::isDirectory)
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** Accepts a JDK folder or its {@code bin/java}. */
  private static Path homeOf(Path explicit) {
    return Files.isRegularFile(explicit)
        ? explicit.toAbsolutePath().getParent().getParent()
        : explicit;
  }

  private static Path javaIn(Path home) {
    return home.resolve("bin").resolve("java");
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static String describe(OptionalInt version) {
    return version.isPresent() ? "Java " + version.getAsInt() : "not a JDK";
  }
}
