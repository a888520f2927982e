package dev.lakehouse.testing;

import dev.lakehouse.config.SeaweedfsCommand;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SeaweedFS ({@code weed mini}) run with the arguments and environment the operator gives its pod
 * ({@link SeaweedfsCommand}), bound to 127.0.0.1 on free ports.
 */
public final class SeaweedfsServer extends S3Server {
  /**
   * The bucket mini creates at start, as the pod's creates the Lakehouse's; named so that no test
   * meets it when it creates its own buckets through the S3 API, as with any fresh server.
   */
  public static final String START_BUCKET = "seaweedfs-start";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final String weed = SeaweedfsBinary.locate().toString();
  private final SeaweedfsCommand command;
  private final Map<String, String> internalSecrets;

  private SeaweedfsServer(
      SeaweedfsCommand command,
      Map<String, String> internalSecrets,
      String accessKey,
      String secretKey,
      Path workDir,
      Path logFile) {
    super(command.ports().s3(), accessKey, secretKey, workDir, logFile);
    this.command = command;
    this.internalSecrets = Map.copyOf(internalSecrets);
  }

  /** Starts SeaweedFS with these S3 keys and fresh signing keys and admin password. */
  public static SeaweedfsServer start(String accessKey, String secretKey) {
    Path workDir = Dirs.newTempDir("seaweedfs");
    List<Integer> free = new ArrayList<>();
    while (free.size() < 5) {
      int port = Ports.freeWithGrpc();
      if (!free.contains(port)) {
        free.add(port);
      }
    }
    var ports =
        new SeaweedfsCommand.Ports(free.get(0), free.get(1), free.get(2), free.get(3), free.get(4));
    var command =
        new SeaweedfsCommand(workDir.resolve("data").toString(), Ports.HOST, ports, START_BUCKET);
    Map<String, String> internal = new LinkedHashMap<>();
    SeaweedfsCommand.SIGNING_KEY_ENVS.forEach(env -> internal.put(env, randomSecret()));
    internal.put(SeaweedfsCommand.ADMIN_PASSWORD_ENV, randomSecret());
    return launched(
        new SeaweedfsServer(
            command, internal, accessKey, secretKey, workDir, Logs.newLogFile("seaweedfs")),
        SeaweedfsServer::launch);
  }

  private void launch() {
    try {
      Files.createDirectories(Path.of(command.dataDir()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> argv = new ArrayList<>();
    argv.add(weed);
    argv.addAll(command.args());
    Map<String, String> env = new LinkedHashMap<>(internalSecrets);
    env.put(SeaweedfsCommand.ACCESS_KEY_ENV, accessKey);
    env.put(SeaweedfsCommand.SECRET_KEY_ENV, secretKey);
    // weed reads security.toml from the working folder and $HOME too: neither is the host's.
    env.put("HOME", workDir.toString());
    process = ServerProcess.start("seaweedfs", argv, env, workDir, logFile);
    process.awaitReady(START_TIMEOUT, this::isReady);
    // The pod's startup probe, run as kubelet would run it.
    List<String> bucketCheck = command.bucketCheck(weed);
    process.awaitReady(START_TIMEOUT, () -> bucketExists(bucketCheck));
  }

  /** Whether the check the operator's startup probe runs succeeds now. */
  public boolean bucketExists(List<String> check) {
    try {
      Process run = new ProcessBuilder(check).redirectErrorStream(true).start();
      run.getInputStream().transferTo(OutputStream.nullOutputStream());
      return run.waitFor() == 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The operator's startup probe's check for another bucket than the start one. */
  public List<String> bucketCheck(String bucket) {
    return new SeaweedfsCommand(command.dataDir(), command.bindAddress(), command.ports(), bucket)
        .bucketCheck(weed);
  }

  /** The S3 gateway's health check answers once the filer behind it is up. */
  private boolean isReady() {
    if (!Ports.isOpen(port)) {
      return false;
    }
    try {
      HttpResponse<Void> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(endpoint() + "/healthz"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Stops the server (SIGTERM, as kubelet stops a pod) and starts it again on the same data. */
  public void restart() {
    process.stop(stopGrace());
    launch();
  }

  /** Mini's own servers, which clients must not be able to use. */
  public SeaweedfsCommand.Ports ports() {
    return command.ports();
  }

  private static String randomSecret() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
