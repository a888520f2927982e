package dev.lakehouse.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The smoke version of {@code lakehouse bench ingest}: every contender runs on a few files in its
 * own JVM and the report says what each wrote. It checks that the benchmark measures what it claims
 * (every table holds each source row once, the resume happened), never how fast anything was.
 */
class IngestBenchIT {
  @TempDir Path work;

  @Test
  void everyContenderRunsAndEveryTableHoldsEachRowOnce() throws Exception {
    var printed = new ByteArrayOutputStream();
    String report =
        IngestBenchmark.run(
            List.of("ingest", "--files", "60", "--batch-size", "20", "--work", work.toString()),
            new PrintStream(printed, true, StandardCharsets.UTF_8));
    System.out.println(report);

    assertThat(report)
        .contains("60 Raygun-shaped files")
        .contains("| the engine: a Delta commit and a checkpoint per batch | ")
        .contains("| plain Spark, best form")
        .contains("| plain Spark, default form")
        .contains("| the replaced loop")
        .contains("| the ceiling: one thread parses every file")
        .contains("- engine / plain Spark best form: ")
        .contains("- rerun of the finished run: ")
        .doesNotContain("**failed**")
        .doesNotContain("rows lost or duplicated")
        .containsPattern(
            "resume: SIGKILL after [0-9.]+ s .* rows in the table 60, distinct ids 60: exact");
    assertThat(report.lines().filter(l -> l.matches("\\| .* \\| 60 \\| 60 \\| .*")).count())
        .as("engine, both plain jobs and the loop wrote 60 rows with 60 distinct ids")
        .isEqualTo(4);
    assertThat(Files.readString(work.resolve("report.md")))
        .isEqualTo(report.substring(0, report.indexOf("\n(written to")));
  }
}
