package dev.lakehouse.jobs.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.checkpoint.LocalCheckpointStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command's failure paths; the real runs are in JobCommandIT. */
class JobCommandTest {
  @TempDir Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  final Map<String, String> env = new HashMap<>(PodSparkSettingsTest.ENV);

  int run(String... args) {
    env.put(TerminationLog.PATH_ENV, dir.resolve("termination-log").toString());
    var command =
        new JobCommand(
            env,
            config -> new LocalCheckpointStore(dir.resolve("state.json")),
            settings -> {
              throw new IllegalStateException("Spark is not started by these tests");
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return command.run(List.of(args));
  }

  String terminationLog() throws Exception {
    return Files.readString(dir.resolve("termination-log"));
  }

  @Test
  void aBadConfigurationExitsWithTenAndSaysWhy() throws Exception {
    Path job = dir.resolve("job.json");
    Files.writeString(job, JobConfigs.INGEST.replace("\"runId\"", "\"runID\""));

    assertThat(run("--config", job.toString())).isEqualTo(10);

    assertThat(terminationLog()).isEqualTo(job + ": unknown field \"runID\"");
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("error (exit 10, CONFIGURATION): " + job + ": unknown field \"runID\"\n");
  }

  @Test
  void missingArgumentsOrCredentialsAreConfiguration() throws Exception {
    assertThat(run()).isEqualTo(10);
    assertThat(terminationLog()).startsWith("usage: lakehouse job --config FILE");

    Path job = dir.resolve("job.json");
    Files.writeString(job, JobConfigs.INGEST);
    env.remove("LAKEHOUSE_S3_SECRET_KEY");
    assertThat(run("--config", job.toString())).isEqualTo(10);
    assertThat(terminationLog())
        .isEqualTo("environment variable LAKEHOUSE_S3_SECRET_KEY (the S3 secret key) is not set");
  }

  @Test
  void anUnreachableServiceExitsWithTwelveWithoutShowingCredentials() throws Exception {
    Path job = dir.resolve("job.json");
    Files.writeString(job, JobConfigs.INGEST);
    var command =
        new JobCommand(
            Map.of(
                "LAKEHOUSE_S3_ACCESS_KEY",
                "AKIA-from-secret",
                "LAKEHOUSE_S3_SECRET_KEY",
                "s3cr3t-from-secret",
                TerminationLog.PATH_ENV,
                dir.resolve("termination-log").toString()),
            config -> new LocalCheckpointStore(dir.resolve("state.json")),
            settings -> {
              throw new IllegalStateException(
                  "cannot start with key " + settings.asMap().get("spark.hadoop.fs.s3a.secret.key"),
                  new ConnectException("Connection refused"));
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(command.run(List.of("--config", job.toString()))).isEqualTo(12);

    assertThat(terminationLog())
        .isEqualTo(
            "IllegalStateException: cannot start with key *** (caused by ConnectException:"
                + " Connection refused)");
    assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("s3cr3t");
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("[raygun-errors-20250101] ingest: starting Spark (local[*])\n");
  }

  @Test
  void anUnexpectedFailureExitsWithOneAndLogsItsStackTrace() throws Exception {
    Path job = dir.resolve("job.json");
    Files.writeString(job, JobConfigs.DROP_TABLE);

    assertThat(run("--config", job.toString())).isEqualTo(1);

    assertThat(terminationLog())
        .isEqualTo("IllegalStateException: Spark is not started by these tests");
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("error (exit 1, UNEXPECTED): IllegalStateException: Spark is not started")
        .contains("\tat dev.lakehouse.jobs.pod.JobCommand");
  }
}
