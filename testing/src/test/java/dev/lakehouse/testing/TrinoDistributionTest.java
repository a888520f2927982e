package dev.lakehouse.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrinoDistributionTest {
  @TempDir Path dir;

  @Test
  void theBuildRecordsTheVersionToRun() {
    assertThat(TrinoDistribution.buildProperties())
        .containsEntry("version", "476")
        .containsKey("localRepository");
    assertThat(TrinoDistribution.buildProperties().getProperty("localRepository"))
        .doesNotStartWith("${");
  }

  @Test
  void findsTheTarballInTheRepositoryTheBuildUsed() throws IOException {
    Path repo = dir.resolve("repo");
    Path tarball = repo.resolve("io/trino/trino-server/999/trino-server-999.tar.gz");
    Files.createDirectories(tarball.getParent());
    Files.writeString(tarball, "");

    assertThat(TrinoDistribution.tarball("999", repo.toString())).isEqualTo(tarball);
    assertThatThrownBy(() -> TrinoDistribution.tarball("998", repo.toString()))
        .isInstanceOf(ServerStartException.class)
        .hasMessageContaining("trino-server-998.tar.gz")
        .hasMessageContaining("mvn dependency:get -Dartifact=io.trino:trino-server:998:tar.gz");
  }

  @Test
  void unpacksOnceKeepingOnlyTheDeltaLakePlugin() throws Exception {
    Path tarball = fakeTarball();
    Path cache = dir.resolve("cache");
    // A staging folder of a JVM killed mid-unpack.
    Files.createDirectories(cache.resolve("trino-server-1.unpacking-123/trino-server-1"));

    Path home = TrinoDistribution.unpacked(tarball, cache, "1");

    assertThat(home).isEqualTo(cache.resolve("trino-server-1"));
    assertThat(home.resolve("lib/trino-main.jar")).hasContent("main");
    // Hard-linked from the hive plugin in the tarball: survives that plugin's removal.
    assertThat(home.resolve("plugin/delta-lake/shared.jar")).hasContent("shared");
    assertThat(home.resolve("plugin/hive")).doesNotExist();
    assertThat(home.resolve(TrinoDistribution.MARKER)).exists();
    try (var children = Files.list(cache)) {
      assertThat(children.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("trino-server-1", "trino-server-1.lock");
    }

    Files.delete(tarball);
    assertThat(TrinoDistribution.unpacked(tarball, cache, "1")).isEqualTo(home);
  }

  @Test
  void racingCallersShareOneUnpack() throws Exception {
    Path tarball = fakeTarball();
    Path cache = dir.resolve("cache");
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<CompletableFuture<Path>> calls =
          List.of(1, 2, 3).stream()
              .map(
                  i ->
                      CompletableFuture.supplyAsync(
                          () -> TrinoDistribution.unpacked(tarball, cache, "1"), pool))
              .toList();
      for (CompletableFuture<Path> call : calls) {
        assertThat(call.get()).isEqualTo(cache.resolve("trino-server-1"));
      }
    } finally {
      pool.shutdown();
    }
    assertThat(cache.resolve("trino-server-1/plugin/delta-lake/shared.jar")).hasContent("shared");
  }

  /**
   * The real layout in small: plugin folders hard-linking the same jar, as Trino's tarball does.
   */
  private Path fakeTarball() throws Exception {
    Path source = dir.resolve("source");
    Path root = Files.createDirectories(source.resolve("trino-server-1"));
    Files.createDirectories(root.resolve("lib"));
    Files.writeString(root.resolve("lib/trino-main.jar"), "main");
    Files.createDirectories(root.resolve("plugin/hive"));
    Files.createDirectories(root.resolve("plugin/delta-lake"));
    Files.writeString(root.resolve("plugin/hive/shared.jar"), "shared");
    Files.createLink(
        root.resolve("plugin/delta-lake/shared.jar"), root.resolve("plugin/hive/shared.jar"));
    Path tarball = dir.resolve("trino-server-1.tar.gz");
    Process tar =
        new ProcessBuilder(
                "tar", "-czf", tarball.toString(), "-C", source.toString(), "trino-server-1")
            .inheritIO()
            .start();
    assertThat(tar.waitFor()).isZero();
    return tarball;
  }
}
