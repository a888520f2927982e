package dev.lakehouse.jobs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What this JVM learns of a table that another process writes. */
class DeltaCommitsTest {
  @TempDir static Path shared;
  static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = EngineFixture.spark(shared.resolve("spark-warehouse"));
  }

  /**
   * A writer killed while making the table's first commit leaves an empty {@code _delta_log}; the
   * commits of a later writer (here copied in, as another process would write them) must be seen.
   */
  @Test
  void aTableFirstSeenAsAnEmptyLogIsSeenOnceAnotherProcessCommits(@TempDir Path temp)
      throws IOException {
    Path elsewhere = temp.resolve("elsewhere");
    spark.range(3).write().format("delta").save(elsewhere.toUri().toString());
    Path table = temp.resolve("table");
    Files.createDirectories(table.resolve("_delta_log"));
    String location = table.toUri().toString();

    assertThat(DeltaCommits.exists(spark, location)).isFalse();
    assertThat(DeltaCommits.committedBatches(spark, location)).isEmpty();

    copyTree(elsewhere, table);
    assertThat(DeltaCommits.exists(spark, location)).isTrue();
    assertThat(DeltaCommits.version(spark, location)).isZero();
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : paths.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
