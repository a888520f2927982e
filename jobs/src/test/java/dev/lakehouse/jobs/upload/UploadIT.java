package dev.lakehouse.jobs.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.jobs.cli.LakehouseCli;
import dev.lakehouse.jobs.generate.RaygunGenerator;
import dev.lakehouse.s3.S3Client;
import dev.lakehouse.testing.S3Server;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lakehouse upload} against a real S3 server (s3proxy on 127.0.0.1), as the kind walkthrough
 * uses it against MinIO: generated Raygun files land byte for byte under the prefix, a rerun
 * overwrites them, and a missing bucket, wrong keys or a stopped server end with one line.
 */
class UploadIT {
  static final String ACCESS_KEY = "upload-it";
  static final String SECRET = "upload-it-secret-Q7m2";
  static final String BUCKET = "lakehouse";

  @TempDir Path temp;
  S3Server s3;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void start() {
    s3 = S3Server.start(ACCESS_KEY, SECRET);
    s3.createBucket(BUCKET);
  }

  @AfterEach
  void stop() {
    s3.close();
    assertThat(out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8))
        .doesNotContain(SECRET);
  }

  int upload(String secret, String... args) {
    String[] full = new String[args.length + 1];
    full[0] = "upload";
    System.arraycopy(args, 0, full, 1, args.length);
    return LakehouseCli.run(
        full,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        Map.of(UploadCommand.ACCESS_KEY_ENV, ACCESS_KEY, UploadCommand.SECRET_KEY_ENV, secret));
  }

  @Test
  void generatedFilesLandUnderThePrefixByteForByte() throws Exception {
    Path dir = temp.resolve("raygun");
    RaygunGenerator.write(dir, 1, 25, 42);
    long bytes;
    try (Stream<Path> files = Files.list(dir)) {
      bytes = files.mapToLong(f -> f.toFile().length()).sum();
    }

    int code =
        upload(
            SECRET, dir.toString(), "s3://lakehouse/landing/raygun/", "--endpoint", s3.endpoint());

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("uploaded 25 files, " + bytes + " bytes, to s3://lakehouse/landing/raygun/\n");
    S3Client client = s3.client();
    assertThat(client.listKeys(BUCKET, "landing/raygun/")).hasSize(25);
    for (int index = 1; index <= 25; index++) {
      String name = RaygunGenerator.fileName(index);
      assertThat(client.getObject(BUCKET, "landing/raygun/" + name))
          .isEqualTo(Files.readAllBytes(dir.resolve(name)));
    }

    // A rerun (after an interrupted upload, say) overwrites what is there.
    out.reset();
    assertThat(
            upload(
                SECRET,
                dir.toString(),
                "s3://lakehouse/landing/raygun",
                "--endpoint",
                s3.endpoint()))
        .isZero();
    assertThat(client.listKeys(BUCKET, "landing/raygun/")).hasSize(25);
  }

  @Test
  void aMissingBucketWrongKeysOrAStoppedServerEndWithOneLine() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("one"));
    Files.writeString(dir.resolve("a.json"), "{}");
    String endpoint = s3.endpoint();

    assertThat(upload(SECRET, dir.toString(), "s3://no-such-bucket/x/", "--endpoint", endpoint))
        .isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("error: bucket \"no-such-bucket\" does not exist at " + endpoint + "\n");

    err.reset();
    assertThat(upload("wrong-secret", dir.toString(), "s3://lakehouse/x/", "--endpoint", endpoint))
        .isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith(
            "error: "
                + endpoint
                + " refused the credentials in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (")
        .hasLineCount(1);

    err.reset();
    s3.close();
    assertThat(upload(SECRET, dir.toString(), "s3://lakehouse/x/", "--endpoint", endpoint))
        .isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "error: cannot reach the S3 endpoint "
                + endpoint
                + " (is it running, is the port right?)\n");
  }
}
