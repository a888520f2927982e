package dev.lakehouse.jobs.pod;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminationLogTest {
  @Test
  void writesOneLineWithoutSecrets(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("termination-log");
    var log = TerminationLog.fromEnvironment(Map.of(TerminationLog.PATH_ENV, file.toString()));

    assertThat(
            log.write(
                "S3 refused key AKIAEXAMPLE\nwith secret wJalr/XUtnFEMI: 403",
                List.of("AKIAEXAMPLE", "wJalr/XUtnFEMI")))
        .contains(file);

    assertThat(Files.readString(file)).isEqualTo("S3 refused key *** with secret ***: 403");
  }

  @Test
  void keepsWithinKubernetesLimitWithoutSplittingACharacter(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("termination-log");
    var log = TerminationLog.fromEnvironment(Map.of(TerminationLog.PATH_ENV, file.toString()));

    log.write("x" + "é".repeat(5000), List.of());

    byte[] written = Files.readAllBytes(file);
    assertThat(written.length).isEqualTo(TerminationLog.MAX_BYTES - 1); // "x" + 2047 two-byte é
    assertThat(new String(written, StandardCharsets.UTF_8)).doesNotContain("\uFFFD").endsWith("é");
  }

  @Test
  void writesNothingWhereItCannot(@TempDir Path dir) {
    var nowhere =
        TerminationLog.fromEnvironment(
            Map.of(TerminationLog.PATH_ENV, dir.resolve("missing/termination-log").toString()));
    assertThat(nowhere.write("failed", List.of())).isEmpty();
    var directory = TerminationLog.fromEnvironment(Map.of(TerminationLog.PATH_ENV, dir.toString()));
    assertThat(directory.write("failed", List.of())).isEmpty();
  }

  @Test
  void theDefaultIsKubernetesPathAndOnlyWhenItExists() {
    var log = TerminationLog.fromEnvironment(Map.of());
    assertThat(log.file()).isEqualTo(Path.of("/dev/termination-log"));
    if (!Files.exists(log.file())) {
      assertThat(log.write("failed", List.of())).isEmpty();
      assertThat(log.file()).doesNotExist();
    }
  }
}
