package dev.lakehouse.testing;

import dev.lakehouse.s3.S3Client;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** s3proxy with its filesystem backend on a free 127.0.0.1 port, in its own JVM. */
public final class S3Server extends LocalServer {
  /** s3proxy accepts any region in a signature; S3A and the SDKs want one. */
  public static final String REGION = "us-east-1";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final int port;
  private final String accessKey;
  private final String secretKey;

  private S3Server(int port, String accessKey, String secretKey, Path workDir, Path logFile) {
    super(workDir, logFile);
    this.port = port;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  /** Starts s3proxy accepting SigV2/SigV4 requests signed with these keys. */
  public static S3Server start(String accessKey, String secretKey) {
    S3Server server =
        new S3Server(
            Ports.free(), accessKey, secretKey, Dirs.newTempDir("s3"), Logs.newLogFile("s3proxy"));
    ShutdownHooks.register(server);
    try {
      server.launch();
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  private void launch() {
    Path data = workDir.resolve("data");
    Path properties = workDir.resolve("s3proxy.properties");
    try {
      Files.createDirectories(data);
      // The keys are written here rather than passed on the command line, which ps shows.
      Files.writeString(
          properties,
          String.join(
              "\n",
              "s3proxy.endpoint=" + endpoint(),
              "s3proxy.authorization=aws-v2-or-v4",
              "s3proxy.identity=" + accessKey,
              "s3proxy.credential=" + secretKey,
              // Trino's and Hadoop's writes send headers s3proxy does not know; it answers 501.
              "s3proxy.ignore-unknown-headers=true",
              "jclouds.provider=filesystem",
              "jclouds.filesystem.basedir=" + data,
              ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> command =
        JavaCommand.current()
            .jvmOptions("-Xmx256m", "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + workDir)
            .classpath(ServerClasspath.of("s3proxy"))
            .mainClass("org.gaul.s3proxy.Main")
            .args("--properties", properties.toString())
            .toCommand(workDir.resolve("java.args"));
    process = ServerProcess.start("s3proxy", command, Map.of(), workDir, logFile);
    process.awaitReady(START_TIMEOUT, () -> Ports.isOpen(port));
  }

  public String host() {
    return Ports.HOST;
  }

  public int port() {
    return port;
  }

  /** {@code http://127.0.0.1:<port>}, for path-style access. */
  public String endpoint() {
    return "http://" + Ports.HOST + ":" + port;
  }

  public String region() {
    return REGION;
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  /** The filesystem backend's root: each directory in it is a bucket. */
  public Path dataDir() {
    return workDir.resolve("data");
  }

  public S3Client client() {
    return new S3Client(endpoint(), REGION, accessKey, secretKey);
  }

  /** Creates a bucket through the S3 API (a signed PUT), as any client would. */
  public void createBucket(String bucket) {
    client().createBucket(bucket);
  }

  @Override
  public String toString() {
    return "S3Server[" + endpoint() + "]";
  }
}
