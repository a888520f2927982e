package dev.lakehouse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** s3proxy with its filesystem backend, in its own JVM. */
public final class S3proxyServer extends S3Server {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private S3proxyServer(int port, String accessKey, String secretKey, Path workDir, Path logFile) {
    super(port, accessKey, secretKey, workDir, logFile);
  }

  /** Starts s3proxy accepting SigV2/SigV4 requests signed with these keys. */
  public static S3proxyServer start(String accessKey, String secretKey) {
    return launched(
        new S3proxyServer(
            Ports.free(), accessKey, secretKey, Dirs.newTempDir("s3"), Logs.newLogFile("s3proxy")),
        S3proxyServer::launch);
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
}
