package dev.lakehouse.metastore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.config.MetastoreSettings;
import dev.lakehouse.config.MetastoreSiteRenderer;
import dev.lakehouse.config.S3Settings;
import dev.lakehouse.testing.Dockerfile;
import dev.lakehouse.testing.DockerfileContext;
import dev.lakehouse.testing.MetastoreProbe;
import dev.lakehouse.testing.MetastoreSecrets;
import dev.lakehouse.testing.PostgresServer;
import dev.lakehouse.testing.S3Server;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metastore image as far as it can be checked without Docker, after {@code package} staged
 * target/image/: the Dockerfile's base is the jobs image's pinned multi-arch base and its COPY
 * finds what was staged; the staged lib holds one version of each jar, the standalone metastore,
 * the Postgres driver and S3A among them; and the staged launcher, run as a pod runs it (its
 * configuration in METASTORE_CONF_DIR, credentials in the environment), creates the schema in a
 * real PostgreSQL once, finds it the second time, and serves Thrift with its warehouse on a real S3
 * server.
 */
class MetastoreImageIT {
  static final Path STAGED = Path.of("target", "image").toAbsolutePath();
  static final String BUCKET = "lakehouse";
  static final MetastoreSecrets SECRETS =
      new MetastoreSecrets("hive", "db-secret-1", "lakehouse-key-1", "s3-secret-1");

  static S3Server s3;
  static PostgresServer postgres;
  static MetastoreSettings settings;

  @TempDir static Path temp;

  @BeforeAll
  static void servers() {
    s3 = S3Server.start(SECRETS.s3AccessKey(), SECRETS.s3SecretKey());
    s3.createBucket(BUCKET);
    postgres = PostgresServer.start("metastore", SECRETS.dbUser(), SECRETS.dbPassword());
    MetastoreSettings defaults =
        MetastoreSettings.of(
            postgres.jdbcUrl(), BUCKET, S3Settings.of(s3.endpoint(), s3.region(), true));
    settings =
        new MetastoreSettings(
            defaults.jdbcUrl(),
            defaults.userEnv(),
            defaults.passwordEnv(),
            defaults.warehouseDir(),
            freePort(),
            defaults.s3(),
            defaults.extraProperties());
  }

  @AfterAll
  static void stop() {
    if (postgres != null) {
      postgres.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void theDockerfileBuildsOnTheJobsImagesBaseFromWhatWasStaged() throws IOException {
    Dockerfile dockerfile = Dockerfile.read(Path.of("Dockerfile"));
    Dockerfile jobs = Dockerfile.read(Path.of("..", "jobs", "Dockerfile"));
    assertThat(dockerfile.baseImages())
        .singleElement()
        .satisfies(b -> assertThat(b.pinned()).isTrue());
    assertThat(dockerfile.baseImages()).isEqualTo(jobs.baseImages());
    assertThat(DockerfileContext.of(Path.of("").toAbsolutePath()).copyProblems(dockerfile))
        .isEmpty();
  }

  @Test
  void theStagedLibHoldsOneVersionOfEachJar() throws IOException {
    List<String> jars;
    try (Stream<Path> files = Files.list(STAGED.resolve("lib"))) {
      jars = files.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertThat(jars)
        .contains("hive-standalone-metastore-3.1.3.jar")
        .anyMatch(j -> j.startsWith("postgresql-"))
        .anyMatch(j -> j.startsWith("hadoop-aws-"));
    Pattern versioned = Pattern.compile("(.+?)-\\d[^-]*(-.*)?\\.jar");
    Map<String, String> byArtifact = new HashMap<>();
    for (String jar : jars) {
      Matcher m = versioned.matcher(jar);
      String artifact = m.matches() ? m.group(1) : jar;
      assertThat(byArtifact.put(artifact, jar)).as("another version of %s", jar).isNull();
    }
    assertThat(STAGED.resolve("scripts/metastore/upgrade/postgres/upgrade.order.postgres"))
        .exists();
    assertThat(Files.isExecutable(STAGED.resolve("bin/metastore"))).isTrue();
  }

  @Test
  void theLauncherCreatesTheSchemaOnceAndServesThrift() throws Exception {
    Path conf = Files.createDirectories(temp.resolve("conf"));
    String site = MetastoreSiteRenderer.render(settings);
    Files.writeString(conf.resolve("metastore-site.xml"), site);

    Result first = launch(conf, "schema");
    assertThat(first.exit()).as(first.output()).isZero();
    assertThat(first.output()).contains("metastore schema created");
    Result second = launch(conf, "schema");
    assertThat(second.exit()).as(second.output()).isZero();
    assertThat(second.output()).contains("metastore schema present");
    assertThat(launch(conf, "bogus").exit()).isEqualTo(2);

    Path log = temp.resolve("serve.log");
    Process serve = start(conf, log, "serve");
    try {
      awaitPort(serve, log);
      MetastoreProbe.createDatabase("127.0.0.1", settings.thriftPort(), "bronze");
      assertThat(MetastoreProbe.databases("127.0.0.1", settings.thriftPort()))
          .contains("default", "bronze");
    } finally {
      serve.destroy();
      serve.waitFor(30, TimeUnit.SECONDS);
      serve.destroyForcibly();
    }
  }

  record Result(int exit, String output) {}

  static Result launch(Path conf, String command) throws Exception {
    Path log = temp.resolve(command + "-" + System.nanoTime() + ".log");
    Process process = start(conf, log, command);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("%s ends", command).isTrue();
    return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  /** The launcher with the pod's environment: JAVA_HOME, the config folder, the credentials. */
  static Process start(Path conf, Path log, String command) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(STAGED.resolve("bin/metastore").toString(), command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.putAll(SECRETS.environment(settings));
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("METASTORE_CONF_DIR", conf.toString());
    env.put("METASTORE_JAVA_OPTS", "-Xmx512m -Djava.io.tmpdir=" + temp);
    return builder.start();
  }

  static void awaitPort(Process serve, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", settings.thriftPort()), 500);
        return;
      } catch (IOException notYet) {
        assertThat(serve.isAlive()).as("the metastore runs: %s", Files.readString(log)).isTrue();
        Thread.sleep(200);
      }
    }
    throw new AssertionError("the metastore never opened its port: " + Files.readString(log));
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
