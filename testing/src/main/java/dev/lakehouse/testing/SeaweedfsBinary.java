package dev.lakehouse.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where {@code scripts/seaweedfs-binary.sh} put {@code weed}: {@code <root>/<version>/weed}. */
public final class SeaweedfsBinary {
  /** Set by the build (the parent pom's {@code seaweedfs.version}). */
  public static final String VERSION_PROPERTY = "lakehouse.seaweedfs.version";

  private SeaweedfsBinary() {}

  /**
   * {@code LAKEHOUSE_SEAWEEDFS_DIR}, else {@code $XDG_CACHE_HOME/lakehouse/seaweedfs}, else {@code
   * ~/.cache/lakehouse/seaweedfs}: the script's defaults.
   */
  public static Path locate() {
    String version = System.getProperty(VERSION_PROPERTY);
    if (version == null || version.isBlank()) {
      throw new IllegalStateException(
          "-D"
              + VERSION_PROPERTY
              + " is not set: run the tests through Maven (the parent pom sets it)");
    }
    String dir = System.getenv("LAKEHOUSE_SEAWEEDFS_DIR");
    Path root;
    if (dir != null && !dir.isBlank()) {
      root = Path.of(dir);
    } else {
      String cache = System.getenv("XDG_CACHE_HOME");
      Path base =
          cache != null && !cache.isBlank()
              ? Path.of(cache)
              : Path.of(System.getProperty("user.home"), ".cache");
      root = base.resolve("lakehouse").resolve("seaweedfs");
    }
    Path weed = root.resolve(version).resolve("weed");
    if (!Files.isExecutable(weed)) {
      throw new IllegalStateException(
          "no SeaweedFS "
              + version
              + " at "
              + weed
              + ": run scripts/seaweedfs-binary.sh (./test.sh does) to build it");
    }
    return weed;
  }
}
