package dev.lakehouse.testing;

import dev.lakehouse.config.MetastoreSettings;
import dev.lakehouse.config.MetastoreSiteRenderer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Hive Metastore 3.1.3 in its own JVM, run from the rendered metastore-site.xml. */
public final class MetastoreServer extends LocalServer {
  static final String SCHEMA_TOOL = "org.apache.hadoop.hive.metastore.tools.MetastoreSchemaTool";
  static final String SERVER = "org.apache.hadoop.hive.metastore.HiveMetaStore";

  private static final String SCRIPTS = "metastore-home/scripts/metastore/upgrade/postgres";
  private static final Duration SCHEMA_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
  private static final String LOG4J2 =
      String.join(
          "\n",
          "status = warn",
          "appender.console.type = Console",
          "appender.console.name = console",
          "appender.console.layout.type = PatternLayout",
          "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %-5p [%t] %c{1}: %m%n",
          "rootLogger.level = info",
          "rootLogger.appenderRef.console.ref = console",
          // DataNucleus logs every schema lookup at INFO and buries the useful lines.
          "logger.datanucleus.name = DataNucleus",
          "logger.datanucleus.level = warn",
          "");

  private final MetastoreSettings settings;
  private final MetastoreSecrets secrets;

  private MetastoreServer(MetastoreSettings settings, MetastoreSecrets secrets, Path workDir) {
    super(workDir, Logs.newLogFile("metastore"));
    this.settings = settings;
    this.secrets = secrets;
  }

  /**
   * Initialises the schema in the database {@code settings} names, then starts the metastore. A
   * {@code thriftPort} of 0 in {@code settings} means a free port, chosen here.
   */
  public static MetastoreServer start(MetastoreSettings settings, MetastoreSecrets secrets) {
    MetastoreSettings effective =
        settings.thriftPort() == 0 ? withThriftPort(settings, Ports.free()) : settings;
    return launched(
        new MetastoreServer(effective, secrets, Dirs.newTempDir("metastore")),
        MetastoreServer::launch);
  }

  public static MetastoreSettings withThriftPort(MetastoreSettings settings, int port) {
    return new MetastoreSettings(
        settings.jdbcUrl(),
        settings.userEnv(),
        settings.passwordEnv(),
        settings.warehouseDir(),
        port,
        settings.s3(),
        settings.extraProperties());
  }

  private void launch() {
    try {
      Files.createDirectories(confDir());
      Files.writeString(
          confDir().resolve("metastore-site.xml"), MetastoreSiteRenderer.render(settings));
      // LogUtils looks for the metastore-specific name, plain Log4j 2 (schema tool) for the other.
      Files.writeString(confDir().resolve("metastore-log4j2.properties"), LOG4J2);
      Files.writeString(confDir().resolve("log4j2.properties"), LOG4J2);
      copyResourceTree(SCRIPTS, home().resolve("scripts/metastore/upgrade/postgres"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int exit = runSchemaTool("-initSchema");
    if (exit != 0) {
      throw new ServerStartException(
          Logs.failure("metastore schema tool -initSchema failed with exit code " + exit, logFile));
    }
    process =
        ServerProcess.start(
            "metastore",
            java("metastore", SERVER, List.of("-Xmx1g")),
            environment(),
            workDir,
            logFile);
    process.awaitReady(START_TIMEOUT, () -> Ports.isOpen(settings.thriftPort()));
  }

  /** Runs {@code MetastoreSchemaTool -dbType postgres -info}: 0 when the schema is complete. */
  public int schemaInfo() {
    return runSchemaTool("-info");
  }

  private int runSchemaTool(String action) {
    return ServerProcess.run(
        "schematool " + action,
        // A one-shot JVM: C1 alone starts faster than tiered compilation ever pays back here.
        java(
            "schematool",
            SCHEMA_TOOL,
            List.of("-Xmx512m", "-XX:TieredStopAtLevel=1"),
            "-dbType",
            "postgres",
            action),
        environment(),
        workDir,
        logFile,
        null,
        SCHEMA_TIMEOUT);
  }

  /** The conf dir comes first on the classpath: Hive finds metastore-site.xml as a resource. */
  private List<String> java(
      String name, String mainClass, List<String> jvmOptions, String... args) {
    List<Path> classpath = new ArrayList<>();
    classpath.add(confDir());
    classpath.addAll(ServerClasspath.of("metastore"));
    return JavaCommand.current()
        .jvmOptions(jvmOptions.toArray(String[]::new))
        .jvmOptions(
            "-XX:+UseSerialGC", "-Djava.net.preferIPv4Stack=true", "-Djava.io.tmpdir=" + workDir)
        .classpath(classpath)
        .mainClass(mainClass)
        .args(args)
        .toCommand(workDir.resolve(name + ".args"));
  }

  private Map<String, String> environment() {
    Map<String, String> env = new HashMap<>(secrets.environment(settings));
    // The schema tool reads its SQL scripts from $METASTORE_HOME/scripts/metastore/upgrade.
    env.put("METASTORE_HOME", home().toString());
    return env;
  }

  /** Copies a resource folder of this jar (or of target/classes) to {@code target}. */
  private static void copyResourceTree(String resource, Path target) throws IOException {
    URL marker = MetastoreServer.class.getResource(resource + "/upgrade.order.postgres");
    if (marker == null) {
      throw new IllegalStateException(
          resource + " is missing from lakehouse-testing: build it with Maven");
    }
    try {
      if ("jar".equals(marker.getProtocol())) {
        FileSystem jar;
        try {
          jar = FileSystems.newFileSystem(marker.toURI(), Map.of());
        } catch (FileSystemAlreadyExistsException e) {
          jar = FileSystems.getFileSystem(marker.toURI());
        }
        copyTree(jar.provider().getPath(marker.toURI()).getParent(), target);
      } else {
        copyTree(Path.of(marker.toURI()).getParent(), target);
      }
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void copyTree(Path source, Path target) throws IOException {
    Files.createDirectories(target);
    try (Stream<Path> files = Files.list(source)) {
      for (Path file : files.toList()) {
        Files.copy(file, target.resolve(file.getFileName().toString()));
      }
    }
  }

  public MetastoreSettings settings() {
    return settings;
  }

  public int port() {
    return settings.thriftPort();
  }

  /** {@code thrift://127.0.0.1:<port>}, what {@code hive.metastore.uris} takes. */
  public String thriftUri() {
    return "thrift://" + Ports.HOST + ":" + settings.thriftPort();
  }

  public Path confDir() {
    return workDir.resolve("conf");
  }

  private Path home() {
    return workDir.resolve("home");
  }

  @Override
  public String toString() {
    return "MetastoreServer[" + thriftUri() + "]";
  }
}
