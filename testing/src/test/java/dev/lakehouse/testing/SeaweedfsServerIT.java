package dev.lakehouse.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.s3.S3Client;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * SeaweedFS as the operator runs it (the same arguments and environment), through its S3 API: the
 * bucket mini creates at start, objects large enough to be chunked, listing, credentials, a restart
 * on the same data, and mini's own HTTP servers closed to clients without its keys.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeaweedfsServerIT {
  static final String BUCKET = SeaweedfsServer.START_BUCKET;

  SeaweedfsServer server;
  S3Client s3;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() {
    server = SeaweedfsServer.start("lakehouse-it", "a-secret-of-forty-characters-0123456789");
    s3 = server.client();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void objectsRoundTripInTheBucketMiniCreatedAtStart(@TempDir Path temp) throws Exception {
    s3.putObject(BUCKET, "small/hello.txt", "hello, ünïcode".getBytes(StandardCharsets.UTF_8));
    // Larger than the filer's 4 MB chunk: stored as several chunks, read back as one object.
    byte[] large = new byte[9 << 20];
    new Random(7).nextBytes(large);
    Path file = Files.write(temp.resolve("large.bin"), large);
    s3.putFile(BUCKET, "large/part-0.bin", file, "application/octet-stream");

    assertThat(new String(s3.getObject(BUCKET, "small/hello.txt"), StandardCharsets.UTF_8))
        .isEqualTo("hello, ünïcode");
    assertThat(s3.getObject(BUCKET, "large/part-0.bin")).isEqualTo(large);
    assertThat(s3.listKeys(BUCKET, "large/")).containsExactly("large/part-0.bin");
  }

  @Test
  void aBucketCreatedThroughS3ListsPastOnePage() {
    s3.createBucket("second");
    for (int i = 0; i < 1_005; i++) {
      s3.putObject("second", String.format("k/%04d", i), new byte[] {(byte) i});
    }
    assertThat(s3.listKeys("second", "k/")).hasSize(1_005).startsWith("k/0000").endsWith("k/1004");
  }

  @Test
  void requestsWithoutTheKeysAreRefused() throws Exception {
    s3.putObject(BUCKET, "private/secret.txt", "x".getBytes(StandardCharsets.UTF_8));
    var wrongSecret = new S3Client(server.endpoint(), S3Server.REGION, server.accessKey(), "wrong");

    assertThatThrownBy(() -> wrongSecret.getObject(BUCKET, "private/secret.txt"))
        .hasMessageContaining("403");
    assertThat(status(server.endpoint() + "/" + BUCKET + "/private/secret.txt", "GET"))
        .isEqualTo(403);
  }

  @Test
  void thePodsStartupCheckSeesTheStartBucketAndNoOther() {
    // start() waited for it: the check of the start bucket passes, one for another does not.
    assertThat(server.bucketExists(server.bucketCheck(BUCKET))).isTrue();
    assertThat(server.bucketExists(server.bucketCheck("lakehouse-other"))).isFalse();
    s3.createBucket("lakehouse-other");
    assertThat(server.bucketExists(server.bucketCheck("lakehouse-other"))).isTrue();
  }

  @Test
  void aWriteToABucketThatDoesNotExistIsRefusedAndMakesNoBucket() {
    assertThatThrownBy(() -> s3.putObject("misspelt", "k", new byte[] {1}))
        .hasMessageContaining("404")
        .hasMessageContaining("NoSuchBucket");
    assertThatThrownBy(() -> s3.listKeys("misspelt", "")).hasMessageContaining("404");
  }

  @Test
  void theFilerAndVolumeServersRefuseRequestsWithoutTheSigningKeys() throws Exception {
    s3.putObject(BUCKET, "direct/file.txt", "x".getBytes(StandardCharsets.UTF_8));
    String filer = "http://127.0.0.1:" + server.ports().filer();
    String volume = "http://127.0.0.1:" + server.ports().volume();

    // The filer would serve and take any file of any bucket, the volume server any blob.
    assertThat(status(filer + "/buckets/" + BUCKET + "/direct/file.txt", "GET")).isEqualTo(401);
    assertThat(status(filer + "/buckets/" + BUCKET + "/direct/", "GET")).isEqualTo(401);
    assertThat(status(filer + "/buckets/" + BUCKET + "/direct/planted.txt", "PUT")).isEqualTo(401);
    assertThat(status(volume + "/1,01637037d6", "PUT")).isEqualTo(401);
    assertThat(status(volume + "/1,01637037d6", "DELETE")).isEqualTo(401);
  }

  @Test
  void objectsSurviveARestartOnTheSameVolume() {
    s3.putObject(BUCKET, "durable/before-restart.txt", "kept".getBytes(StandardCharsets.UTF_8));

    server.restart();

    assertThat(s3.getObject(BUCKET, "durable/before-restart.txt"))
        .asString(StandardCharsets.UTF_8)
        .isEqualTo("kept");
    assertThat(s3.listKeys(BUCKET, "durable/")).containsExactly("durable/before-restart.txt");
  }

  private int status(String url, String method) throws Exception {
    var body =
        method.equals("PUT")
            ? HttpRequest.BodyPublishers.ofString("planted")
            : HttpRequest.BodyPublishers.noBody();
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).method(method, body).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
