package dev.lakehouse.testing;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** A throwaway PostgreSQL cluster with one database owned by one SCRAM password user. */
public final class PostgresServer extends LocalServer {
  /** Where Debian's {@code postgresql-NN} packages put the server binaries. */
  static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");

  private static final String SUPERUSER = "postgres";
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Path bin;
  private final int port;
  private final String database;
  private final String user;
  private final String password;
  private final boolean asRoot;

  private PostgresServer(
      Path bin, int port, String database, String user, String password, Path workDir) {
    super(workDir, Logs.newLogFile("postgres"));
    this.bin = bin;
    this.port = port;
    this.database = database;
    this.user = user;
    this.password = password;
    this.asRoot = new UnixSystem().getUid() == 0;
  }

  /**
   * Creates a cluster, starts it and creates {@code database} owned by {@code user}. Names are
   * plain lower-case SQL identifiers.
   */
  public static PostgresServer start(String database, String user, String password) {
    requireIdentifier(database);
    requireIdentifier(user);
    Path bin = findBinaries();
    return launched(
        new PostgresServer(
            bin, Ports.free(), database, user, password, Dirs.newTempDir("postgres")),
        PostgresServer::launch);
  }

  /** The newest {@code /usr/lib/postgresql/<version>/bin} that has {@code initdb}. */
  static Path findBinaries() {
    List<Path> found = new ArrayList<>();
    if (Files.isDirectory(DEBIAN_ROOT)) {
      try (DirectoryStream<Path> versions = Files.newDirectoryStream(DEBIAN_ROOT)) {
        for (Path version : versions) {
          if (Files.isExecutable(version.resolve("bin/initdb"))
              && version.getFileName().toString().matches("\\d+")) {
            found.add(version.resolve("bin"));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return found.stream()
        .max(Comparator.comparingInt(p -> Integer.parseInt(p.getParent().getFileName().toString())))
        .orElseThrow(
            () ->
                new ServerStartException(
                    "PostgreSQL server binaries not found ("
                        + DEBIAN_ROOT
                        + "/*/bin/initdb). Install the Debian package: apt-get install -y"
                        + " postgresql-15"));
  }

  private void launch() {
    Path data = workDir.resolve("data");
    if (asRoot) {
      // The server refuses to run as root: the postgres user owns the cluster and runs it.
      try {
        Files.setOwner(
            workDir,
            workDir
                .getFileSystem()
                .getUserPrincipalLookupService()
                .lookupPrincipalByName(SUPERUSER));
      } catch (IOException e) {
        throw new ServerStartException(
            "running as root, but cannot hand " + workDir + " to the postgres user", e);
      }
    }
    run(
        "initdb",
        List.of(
            bin.resolve("initdb").toString(),
            "--pgdata=" + data,
            "--username=" + SUPERUSER,
            // Local socket (only this process's temp dir) trusts; TCP needs a SCRAM password.
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync"),
        null);
    process =
        ServerProcess.start(
            "postgres",
            asPostgres(
                List.of(
                    bin.resolve("postgres").toString(),
                    "-D",
                    data.toString(),
                    "-p",
                    Integer.toString(port),
                    "-k",
                    workDir.toString(),
                    "-c",
                    "listen_addresses=" + Ports.HOST,
                    // A test database never survives a crash: durability only costs time.
                    "-c",
                    "fsync=off",
                    "-c",
                    "synchronous_commit=off",
                    "-c",
                    "full_page_writes=off")),
            Map.of(),
            workDir,
            logFile);
    process.awaitReady(START_TIMEOUT, this::acceptsConnections);
    execute(
        "CREATE ROLE "
            + user
            + " LOGIN PASSWORD '"
            + password.replace("'", "''")
            + "';\nCREATE DATABASE "
            + database
            + " OWNER "
            + user
            + ";\n");
  }

  /** Runs SQL as the superuser over the local socket; fails on the first error. */
  public void execute(String sql) {
    run(
        "psql",
        List.of(
            bin.resolve("psql").toString(),
            "-X",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            workDir.toString(),
            "-p",
            Integer.toString(port),
            "-U",
            SUPERUSER,
            "-d",
            "postgres",
            "-f",
            "-"),
        sql);
  }

  private boolean acceptsConnections() {
    List<String> command =
        List.of(
            bin.resolve("pg_isready").toString(),
            "-q",
            "-h",
            Ports.HOST,
            "-p",
            Integer.toString(port));
    return ServerProcess.run(
            "pg_isready", command, Map.of(), workDir, logFile, null, Duration.ofSeconds(10))
        == 0;
  }

  private void run(String name, List<String> command, String stdin) {
    int exit =
        ServerProcess.run(
            name, asPostgres(command), Map.of(), workDir, logFile, stdin, COMMAND_TIMEOUT);
    if (exit != 0) {
      throw new ServerStartException(
          Logs.failure(name + " failed with exit code " + exit, logFile));
    }
  }

  private List<String> asPostgres(List<String> command) {
    if (!asRoot) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", SUPERUSER, "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  private static void requireIdentifier(String name) {
    if (!IDENTIFIER.matcher(name).matches()) {
      throw new IllegalArgumentException("not a plain lower-case SQL identifier: " + name);
    }
  }

  public String host() {
    return Ports.HOST;
  }

  public int port() {
    return port;
  }

  public String database() {
    return database;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + Ports.HOST + ":" + port + "/" + database;
  }

  @Override
  protected void beforeStop() {
    // Fast shutdown disconnects clients; SIGTERM alone would wait for the metastore's pool.
    ServerProcess.run(
        "pg_ctl stop",
        asPostgres(
            List.of(
                bin.resolve("pg_ctl").toString(),
                "stop",
                "-D",
                workDir.resolve("data").toString(),
                "-m",
                "fast",
                "-w",
                "-t",
                "20")),
        Map.of(),
        workDir,
        logFile,
        null,
        Duration.ofSeconds(30));
  }

  @Override
  protected Duration stopGrace() {
    return Duration.ofSeconds(5);
  }

  @Override
  public String toString() {
    return "PostgresServer[" + jdbcUrl() + "]";
  }
}
