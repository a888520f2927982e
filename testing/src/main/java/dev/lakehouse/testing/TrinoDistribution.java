package dev.lakehouse.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Trino server tarball from the local Maven repository, unpacked once into a cache folder that
 * outlives {@code mvn clean} and is shared by every module's tests.
 */
final class TrinoDistribution {
  /** The lakehouse catalog is a Delta Lake catalog; Trino itself starts with no plugin at all. */
  static final Set<String> KEPT_PLUGINS = Set.of("delta-lake");

  static final String MARKER = ".lakehouse-unpacked";
  private static final Duration UNPACK_TIMEOUT = Duration.ofMinutes(10);
  private static final Object JVM_LOCK = new Object();

  private TrinoDistribution() {}

  /** The unpacked server of the version this library was built with. */
  static Path home() {
    Properties build = buildProperties();
    String version = build.getProperty("version");
    return unpacked(tarball(version, build.getProperty("localRepository")), cacheDir(), version);
  }

  /** {@code trino-server.properties}, filtered by the build: the version and its repository. */
  static Properties buildProperties() {
    Properties properties = new Properties();
    try (InputStream in = TrinoDistribution.class.getResourceAsStream("trino-server.properties")) {
      if (in == null) {
        throw new IllegalStateException(
            "trino-server.properties is missing from lakehouse-testing: build it with Maven");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }

  /**
   * {@code io.trino:trino-server:<version>:tar.gz} in the first local repository that has it:
   * {@code -Dmaven.repo.local} (Maven passes it on to the test JVM), the one this library was built
   * against, then {@code ~/.m2/repository}.
   */
  static Path tarball(String version, String buildRepository) {
    List<Path> repositories = new ArrayList<>();
    if (System.getProperty("maven.repo.local") != null) {
      repositories.add(Path.of(System.getProperty("maven.repo.local")));
    }
    if (buildRepository != null && !buildRepository.startsWith("${")) {
      repositories.add(Path.of(buildRepository));
    }
    repositories.add(Path.of(System.getProperty("user.home"), ".m2", "repository"));
    String file = "trino-server-" + version + ".tar.gz";
    List<Path> candidates =
        repositories.stream()
            .map(repo -> repo.resolve("io/trino/trino-server").resolve(version).resolve(file))
            .distinct()
            .toList();
    return candidates.stream()
        .filter(Files::isRegularFile)
        .findFirst()
        .orElseThrow(
            () ->
                new ServerStartException(
                    "The Trino server "
                        + version
                        + " is not in the local Maven repository (looked for "
                        + candidates
                        + "). Maven downloads it (821 MB) when the integration tests of"
                        + " lakehouse-testing run (mvn -Pintegration verify -pl testing), or on"
                        + " its own: mvn dependency:get -Dartifact=io.trino:trino-server:"
                        + version
                        + ":tar.gz"));
  }

  /**
   * {@code -Dlakehouse.testing.cacheDir}, else {@code $XDG_CACHE_HOME/lakehouse}, else ~/.cache.
   */
  static Path cacheDir() {
    if (System.getProperty("lakehouse.testing.cacheDir") != null) {
      return Path.of(System.getProperty("lakehouse.testing.cacheDir"));
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    return xdg != null && !xdg.isBlank()
        ? Path.of(xdg, "lakehouse")
        : Path.of(System.getProperty("user.home"), ".cache", "lakehouse");
  }

  /**
   * Unpacks {@code tarball} into {@code cache/trino-server-<version>} unless done before. A file
   * lock serialises JVMs (two test forks, two modules); the tree is built in a temporary sibling
   * and renamed into place with its marker, so nobody ever sees half of it.
   */
  static Path unpacked(Path tarball, Path cache, String version) {
    String name = "trino-server-" + version;
    Path home = cache.resolve(name);
    if (Files.isRegularFile(home.resolve(MARKER))) {
      return home;
    }
    synchronized (JVM_LOCK) {
      try {
        Files.createDirectories(cache);
        try (FileChannel channel =
                FileChannel.open(
                    cache.resolve(name + ".lock"),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.lock()) {
          if (Files.isRegularFile(home.resolve(MARKER))) {
            return home;
          }
          removeLeftovers(cache, name);
          System.out.println(
              "lakehouse-testing: unpacking "
                  + tarball.getFileName()
                  + " into "
                  + home
                  + " (once)");
          Path staging = Files.createTempDirectory(cache, name + ".unpacking-");
          extract(tarball, staging);
          Path root = staging.resolve(name);
          if (!Files.isDirectory(root.resolve("lib"))) {
            throw new ServerStartException(tarball + " has no " + name + "/lib folder");
          }
          removeUnusedPlugins(root.resolve("plugin"));
          Files.writeString(root.resolve(MARKER), tarball + "\n");
          Files.move(root, home, StandardCopyOption.ATOMIC_MOVE);
          Dirs.deleteQuietly(staging);
          return home;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot unpack " + tarball + " into " + cache, e);
      }
    }
  }

  /**
   * The system tar: the tarball hard-links jars across plugin folders, which Java unarchivers (and
   * so maven-dependency-plugin's unpack) fail on.
   */
  private static void extract(Path tarball, Path into) {
    Path log = Logs.newLogFile("trino-unpack");
    int exit =
        ServerProcess.run(
            "tar",
            List.of("tar", "-xzf", tarball.toString(), "-C", into.toString()),
            Map.of(),
            into,
            log,
            null,
            UNPACK_TIMEOUT);
    if (exit != 0) {
      Dirs.deleteQuietly(into);
      throw new ServerStartException(
          Logs.failure("tar -xzf " + tarball + " failed with exit code " + exit, log));
    }
  }

  /** Trino loads every plugin folder at start: the 60 unused ones cost seconds and memory. */
  private static void removeUnusedPlugins(Path plugins) throws IOException {
    if (!Files.isDirectory(plugins)) {
      return;
    }
    try (Stream<Path> children = Files.list(plugins)) {
      children
          .filter(plugin -> !KEPT_PLUGINS.contains(plugin.getFileName().toString()))
          .forEach(Dirs::deleteQuietly);
    }
  }

  /** Staging folders of a JVM that died mid-unpack; whoever holds the lock owns none of them. */
  private static void removeLeftovers(Path cache, String name) throws IOException {
    Path home = cache.resolve(name);
    if (Files.exists(home)) {
      Dirs.deleteQuietly(home);
    }
    try (Stream<Path> children = Files.list(cache)) {
      children
          .filter(child -> child.getFileName().toString().startsWith(name + ".unpacking-"))
          .forEach(Dirs::deleteQuietly);
    }
  }
}
