package dev.lakehouse.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {
  @TempDir Path dir;

  @Test
  void writesEachKindAndReportsIt() {
    assertThat(
            GenerateCommand.run(
                "raygun", "--out", dir.resolve("r").toString(), "--files", "3", "--seed", "1"))
        .startsWith("3 files, ")
        .contains("distinct Request.IpAddress in files 1..3");
    assertThat(
            GenerateCommand.run(
                "raygun",
                "--out",
                dir.resolve("r").toString(),
                "--files",
                "2",
                "--seed",
                "1",
                "--from",
                "4"))
        .startsWith("2 files, ")
        .contains("files 1..5");
    assertThat(GeneratedFiles.names(dir.resolve("r"))).hasSize(5);
    assertThat(GenerateCommand.run("pokemon", "--out", dir.resolve("p").toString(), "--files", "4"))
        .startsWith("4 files, ");
    assertThat(
            GenerateCommand.run(
                "iot", "--out", dir.resolve("i").toString(), "--files", "10", "--seed", "2"))
        .contains("customer: ", "accelerometer: ", "step_trainer: ", "machineLearningRows=");
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> GenerateCommand.run("raygun")).hasMessageContaining("usage");
    assertThatThrownBy(() -> GenerateCommand.run("bogus", "--out", dir.toString()))
        .hasMessageContaining("unknown generator");
    assertThatThrownBy(() -> GenerateCommand.run("raygun", "--out", dir.toString(), "--files", "x"))
        .hasMessageContaining("--files");
  }
}
