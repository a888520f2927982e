package dev.lakehouse.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakehouseCliTest {
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(String... args) {
    return LakehouseCli.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void usageErrorsExitWithTwoAndOneLineSayingWhy(@TempDir Path dir) throws Exception {
    assertThat(run()).isEqualTo(2);
    assertThat(out.toString()).contains("usage: lakehouse run -f");
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(err.toString()).startsWith("error: unknown command \"frobnicate\"");
    err.reset();
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad,
        "apiVersion: lakehouse.dev/v1alpha1\nkind: Dataset\nmetadata: {name: x}\nspec: {lakehouse: demo, tabel: {}}\n");
    assertThat(run("run", "-f", bad.toString(), "--home", dir.resolve("home").toString()))
        .isEqualTo(2);
    assertThat(err.toString().strip())
        .isEqualTo("error: " + bad + ": Dataset x: unknown field \"spec.tabel\"");
  }

  @Test
  void jobIsThePodEntryPointAndNeedsItsConfig() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString())
        .contains("lakehouse job --config FILE")
        .contains("lakehouse upload <dir> s3://<bucket>/<prefix> --endpoint URL");
    assertThat(run("job")).isEqualTo(10);
    assertThat(err.toString())
        .startsWith("error (exit 10, CONFIGURATION): usage: lakehouse job --config FILE");
  }

  @Test
  void generateWritesSampleData(@TempDir Path dir) {
    assertThat(run("generate", "raygun", "--files", "5", "--out", dir.toString())).isZero();
    assertThat(out.toString()).startsWith("5 files, ");
    assertThat(dir.toFile().list()).hasSize(5);
    assertThat(run("generate", "raygun", "--files", "five", "--out", dir.toString())).isEqualTo(2);
    assertThat(err.toString()).startsWith("error: --files must be an integer");
  }
}
