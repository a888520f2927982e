package dev.lakehouse.testing;

import dev.lakehouse.config.S3Settings;
import dev.lakehouse.config.TrinoConfigRenderer;
import dev.lakehouse.config.TrinoMemory;
import dev.lakehouse.config.TrinoRole;
import dev.lakehouse.config.TrinoSettings;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * A single-node Trino (a coordinator that runs the tasks too) in its own JVM on a Java 24+ runtime,
 * configured by the operator's own {@link TrinoConfigRenderer} with the lakehouse Delta catalog.
 */
public final class TrinoServer extends LocalServer {
  public static final String CATALOG = "lakehouse";
  static final String MAIN_CLASS = "io.trino.server.TrinoServer";

  /** From launch to a working catalog: 10-19 s here, more on a busy CI machine. */
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

  /** As for the smallest container the operator allows: a 1.25 GiB heap, beside the others. */
  private static final long MEMORY_LIMIT_BYTES = TrinoMemory.MINIMUM_CONTAINER_BYTES;

  /** Errors of a coordinator that is up but has not yet seen itself as a worker. */
  private static final Set<String> NOT_YET = Set.of("NO_NODES_AVAILABLE", "SERVER_STARTING_UP");

  private final TrinoSettings settings;
  private final TrinoClient client;
  private Duration startupTime;

  private TrinoServer(TrinoSettings settings, Path workDir) {
    super(workDir, Logs.newLogFile("trino"));
    this.settings = settings;
    this.client = new TrinoClient(httpUri());
  }

  /** Starts Trino against the metastore and S3 of {@code servers}, with their credentials. */
  public static TrinoServer start(LakehouseServers servers) {
    return start(servers.thriftUri(), servers.s3Settings(), servers.environment());
  }

  /**
   * Starts Trino with its {@value #CATALOG} catalog on {@code metastoreUri} and {@code s3}; {@code
   * environment} holds the values of the S3 key variables {@code s3} names.
   */
  public static TrinoServer start(
      String metastoreUri, S3Settings s3, Map<String, String> environment) {
    long started = System.nanoTime();
    Map<String, String> env = childEnvironment(s3, environment);
    // Both may fail with a hint for the developer: before anything is started.
    Path home = TrinoDistribution.home();
    Path java = TrinoJava.executable();
    Path workDir = Dirs.newTempDir("trino");
    TrinoSettings settings = settings(Ports.free(), workDir.resolve("etc"), home, metastoreUri, s3);
    return launched(
        new TrinoServer(settings, workDir),
        server -> {
          server.launch(home, java, env);
          server.startupTime = Duration.ofNanos(System.nanoTime() - started);
        });
  }

  /**
   * What the operator would render for a Trino with no workers, plus what its container image and
   * launcher provide and a process on 127.0.0.1 needs instead.
   */
  static TrinoSettings settings(
      int port, Path etcDir, Path home, String metastoreUri, S3Settings s3) {
    Map<String, String> local = new LinkedHashMap<>();
    local.put("node.id", "lakehouse-testing-" + port);
    local.put("node.internal-address", Ports.HOST);
    local.put("node.bind-ip", Ports.HOST);
    local.put("plugin.dir", home.resolve("plugin").toString());
    local.put("catalog.config-dir", etcDir.resolve("catalog").toString());
    return TrinoSettings.builder()
        .role(TrinoRole.COORDINATOR)
        .httpPort(port)
        .discoveryUri("http://" + Ports.HOST + ":" + port)
        .workers(0)
        .memory(TrinoMemory.forContainerLimit(MEMORY_LIMIT_BYTES))
        .etcDir(etcDir.toString())
        // node.data-dir only works through the launcher; the work dir (cwd) serves instead.
        .dataDir(null)
        .catalogName(CATALOG)
        .metastoreUri(metastoreUri)
        .s3(s3)
        .additionalConfig(local)
        .build();
  }

  private static Map<String, String> childEnvironment(S3Settings s3, Map<String, String> given) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String name : List.of(s3.accessKeyEnv(), s3.secretKeyEnv())) {
      if (given.get(name) == null) {
        throw new IllegalArgumentException(
            "the environment has no " + name + ", which the rendered catalog refers to");
      }
      env.put(name, given.get(name));
    }
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    env.put(TrinoSettings.DEFAULT_SHARED_SECRET_ENV, HexFormat.of().formatHex(secret));
    return env;
  }

  private void launch(Path home, Path java, Map<String, String> env) {
    Map<String, String> files = TrinoConfigRenderer.render(settings);
    Path etc = etcDir();
    try {
      for (Map.Entry<String, String> file : files.entrySet()) {
        Path target = etc.resolve(file.getKey());
        Files.createDirectories(target.getParent());
        Files.writeString(target, file.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> command =
        JavaCommand.of(java)
            .argFile(etc.resolve(TrinoConfigRenderer.JVM))
            .jvmOptions(launcherProperties(files.get(TrinoConfigRenderer.NODE), etc))
            .classpath(List.of(home.resolve("lib").resolve("*")))
            .mainClass(MAIN_CLASS)
            .toCommand(workDir.resolve("java.args"));
    // The cwd is the data dir, and where Trino looks for etc/access-control.properties.
    long launched = System.nanoTime();
    process = ServerProcess.start("trino", command, env, workDir, logFile);
    process.awaitReady(START_TIMEOUT, this::started);
    Duration left = START_TIMEOUT.minusNanos(System.nanoTime() - launched);
    process.awaitReady(left.isNegative() ? Duration.ZERO : left, this::catalogAnswers);
  }

  /**
   * What Trino's launcher passes: node.properties as system properties, the log levels file and the
   * config file; temporary files go to the work dir, deleted on close.
   */
  private String[] launcherProperties(String nodeProperties, Path etc) {
    Properties node = new Properties();
    try {
      node.load(new StringReader(nodeProperties));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> options = new ArrayList<>();
    node.stringPropertyNames().stream()
        .sorted()
        .forEach(key -> options.add("-D" + key + "=" + node.getProperty(key)));
    options.add("-Dlog.levels-file=" + etc.resolve(TrinoConfigRenderer.LOG));
    options.add("-Dconfig=" + etc.resolve(TrinoConfigRenderer.CONFIG));
    options.add("-Djava.io.tmpdir=" + workDir);
    return options.toArray(String[]::new);
  }

  private boolean started() {
    try {
      return Boolean.FALSE.equals(client.info().get("starting"));
    } catch (TrinoQueryException | IllegalArgumentException e) {
      return false;
    }
  }

  /** Proves the catalog: the metastore answers and the Delta connector loaded. */
  private boolean catalogAnswers() {
    try {
      client.execute(settings.adminUser(), "SHOW SCHEMAS FROM " + CATALOG);
      return true;
    } catch (TrinoQueryException e) {
      if (NOT_YET.contains(e.errorName())) {
        return false;
      }
      throw new ServerStartException(
          Logs.failure(
              "trino started, but SHOW SCHEMAS FROM " + CATALOG + " failed: " + e.getMessage(),
              logFile),
          e);
    }
  }

  public TrinoSettings settings() {
    return settings;
  }

  public String host() {
    return Ports.HOST;
  }

  public int port() {
    return settings.httpPort();
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String httpUri() {
    return "http://" + Ports.HOST + ":" + port();
  }

  /** {@code jdbc:trino://127.0.0.1:<port>/lakehouse}. */
  public String jdbcUrl() {
    return "jdbc:trino://" + Ports.HOST + ":" + port() + "/" + catalog();
  }

  public String catalog() {
    return settings.catalogName();
  }

  /** May do anything, including changing the node state. */
  public String adminUser() {
    return settings.adminUser();
  }

  /** May only read the lakehouse catalog: what Query resources run as. */
  public String readOnlyUser() {
    return settings.readOnlyUser();
  }

  /** A REST client for statements, without the JDBC driver. */
  public TrinoClient client() {
    return client;
  }

  public Path etcDir() {
    return Path.of(settings.etcDir());
  }

  /** Wall-clock time {@link #start} took, unpacking included when it happened. */
  public Duration startupTime() {
    return startupTime;
  }

  @Override
  public String toString() {
    return "TrinoServer[" + httpUri() + "]";
  }
}
