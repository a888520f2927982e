package dev.lakehouse.jobs.upload;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.lakehouse.jobs.cli.LakehouseCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lakehouse upload} through the command line's entry point, against a fake S3 endpoint on
 * 127.0.0.1 that records what it receives and answers like S3 for a missing bucket or refused keys.
 * UploadIT runs the same against a real S3 server.
 */
class UploadCommandTest {
  static final String ACCESS_KEY = "test-access-key";
  static final String SECRET = "test-secret-Zq81vT";
  static final Map<String, String> CREDENTIALS =
      Map.of(UploadCommand.ACCESS_KEY_ENV, ACCESS_KEY, UploadCommand.SECRET_KEY_ENV, SECRET);

  @TempDir Path temp;
  HttpServer s3;
  String endpoint;
  final Map<String, byte[]> objects = new ConcurrentHashMap<>();
  final Map<String, String> contentTypes = new ConcurrentHashMap<>();
  final List<String> authorizations = new CopyOnWriteArrayList<>();
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void startFakeS3() throws Exception {
    s3 = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    s3.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          String path = exchange.getRequestURI().getPath();
          String auth = exchange.getRequestHeaders().getFirst("Authorization");
          authorizations.add(auth);
          int status = 200;
          String answer = "";
          if (path.startsWith("/missing/")) {
            status = 404;
            answer = error("NoSuchBucket", "The specified bucket does not exist");
          } else if (!auth.contains("Credential=" + ACCESS_KEY + "/")) {
            status = 403;
            answer = error("InvalidAccessKeyId", "unknown key in " + auth);
          } else if (exchange.getRequestMethod().equals("PUT")) {
            objects.put(path, body);
            contentTypes.put(path, exchange.getRequestHeaders().getFirst("Content-Type"));
          } else {
            status = 405;
          }
          byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    s3.start();
    endpoint = "http://127.0.0.1:" + s3.getAddress().getPort();
  }

  @AfterEach
  void stopFakeS3() {
    s3.stop(0);
    // Whatever happened, the secret never reaches the user's terminal.
    assertThat(out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8))
        .doesNotContain(SECRET);
  }

  static String error(String code, String message) {
    return "<?xml version=\"1.0\"?><Error><Code>"
        + code
        + "</Code><Message>"
        + message
        + "</Message></Error>";
  }

  int upload(Map<String, String> env, String... args) {
    String[] full = new String[args.length + 1];
    full[0] = "upload";
    System.arraycopy(args, 0, full, 1, args.length);
    return LakehouseCli.run(
        full,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        env);
  }

  Path landing() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("landing"));
    Files.writeString(dir.resolve("error-1.json"), "{\"a\": 1}\n");
    Files.createDirectories(dir.resolve("2026/09"));
    Files.writeString(dir.resolve("2026/09/export.csv"), "a,b\n1,2\n");
    Files.writeString(dir.resolve("empty.txt"), "");
    return dir;
  }

  @Test
  void uploadsEveryFileUnderThePrefixSignedWithTheEnvironmentsKeys() throws Exception {
    Path dir = landing();

    int code =
        upload(
            CREDENTIALS,
            dir.toString(),
            "s3://lakehouse/landing/raygun",
            "--endpoint",
            endpoint,
            "--region",
            "eu-west-1");

    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("uploaded 3 files, 17 bytes, to s3://lakehouse/landing/raygun/\n");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(objects.keySet())
        .containsExactlyInAnyOrder(
            "/lakehouse/landing/raygun/error-1.json",
            "/lakehouse/landing/raygun/2026/09/export.csv",
            "/lakehouse/landing/raygun/empty.txt");
    assertThat(objects.get("/lakehouse/landing/raygun/2026/09/export.csv"))
        .isEqualTo("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
    assertThat(objects.get("/lakehouse/landing/raygun/empty.txt")).isEmpty();
    assertThat(contentTypes.get("/lakehouse/landing/raygun/error-1.json"))
        .isEqualTo("application/json");
    assertThat(authorizations)
        .allSatisfy(
            a -> assertThat(a).contains("/eu-west-1/s3/aws4_request").doesNotContain(SECRET));
  }

  @Test
  void aBucketWithoutPrefixTakesTheFilesAtItsRoot() throws Exception {
    Path dir = landing();

    assertThat(upload(CREDENTIALS, dir.toString(), "s3://lakehouse", "--endpoint", endpoint))
        .isZero();

    assertThat(objects).containsKey("/lakehouse/error-1.json");
    assertThat(out.toString(StandardCharsets.UTF_8)).endsWith("to s3://lakehouse/\n");
  }

  @Test
  void missingCredentialsAreAUsageErrorBeforeAnyRequest() throws Exception {
    Path dir = landing();

    int code =
        upload(
            Map.of(UploadCommand.ACCESS_KEY_ENV, ACCESS_KEY),
            dir.toString(),
            "s3://lakehouse/x/",
            "--endpoint",
            endpoint);

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "error: upload: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment"
                + " (credentials are never taken from arguments)\n");
    assertThat(authorizations).isEmpty();
  }

  @Test
  void aMissingBucketOrRefusedKeysEndWithOneLineAndExitOne() throws Exception {
    Path dir = landing();

    assertThat(upload(CREDENTIALS, dir.toString(), "s3://missing/x", "--endpoint", endpoint))
        .isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("error: bucket \"missing\" does not exist at " + endpoint + "\n");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();

    err.reset();
    var wrongKey =
        Map.of(UploadCommand.ACCESS_KEY_ENV, "other", UploadCommand.SECRET_KEY_ENV, SECRET);
    assertThat(upload(wrongKey, dir.toString(), "s3://lakehouse/x", "--endpoint", endpoint))
        .isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "error: "
                + endpoint
                + " refused the credentials in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY"
                + " (InvalidAccessKeyId)\n");
  }

  @Test
  void anUnreachableEndpointSaysSo() throws Exception {
    Path dir = landing();
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String nowhere = "http://127.0.0.1:" + closedPort;

    assertThat(upload(CREDENTIALS, dir.toString(), "s3://lakehouse/x", "--endpoint", nowhere))
        .isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "error: cannot reach the S3 endpoint "
                + nowhere
                + " (is it running, is the port right?)\n");
  }

  @Test
  void badArgumentsAreUsageErrors() throws Exception {
    Path dir = landing();
    Path empty = Files.createDirectories(temp.resolve("empty"));

    assertThat(upload(CREDENTIALS, dir.toString(), "s3://lakehouse/x")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("error: upload needs --endpoint (e.g. http://localhost:9000)\nusage: ");
    err.reset();
    assertThat(upload(CREDENTIALS, dir.toString(), "lakehouse/x", "--endpoint", endpoint))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("error: upload: \"lakehouse/x\" is not an s3://<bucket>/<prefix> URL\n");
    err.reset();
    assertThat(upload(CREDENTIALS, "no-such-dir", "s3://lakehouse/x", "--endpoint", endpoint))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("error: upload: no-such-dir is not a folder\n");
    err.reset();
    assertThat(upload(CREDENTIALS, dir.toString(), "s3://b/x", "--endpoint", "localhost:9000"))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "error: upload: --endpoint \"localhost:9000\" is not an http:// or https:// URL\n");
    err.reset();
    assertThat(upload(CREDENTIALS, dir.toString(), "s3://b/x", "--endpoint", endpoint, "--force"))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("error: upload: unknown option --force");
    err.reset();
    assertThat(upload(CREDENTIALS, empty.toString(), "s3://b/x", "--endpoint", endpoint))
        .isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("error: " + empty + " holds no files: nothing to upload\n");
    assertThat(authorizations).isEmpty();
  }
}
