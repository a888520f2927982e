package dev.lakehouse.testing;

import dev.lakehouse.config.MetastoreSettings;
import dev.lakehouse.config.S3Settings;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** S3, PostgreSQL and a Hive Metastore on 127.0.0.1, wired the way the operator wires them. */
public final class LakehouseServers implements AutoCloseable {
  public static final String DATABASE = "metastore";
  public static final String DB_USER = "hive";

  private final String bucket;
  private final S3Server s3;
  private final PostgresServer postgres;
  private final MetastoreServer metastore;
  private final MetastoreSecrets secrets;
  private final Duration startupTime;

  private LakehouseServers(
      String bucket,
      S3Server s3,
      PostgresServer postgres,
      MetastoreServer metastore,
      MetastoreSecrets secrets,
      Duration startupTime) {
    this.bucket = bucket;
    this.s3 = s3;
    this.postgres = postgres;
    this.metastore = metastore;
    this.secrets = secrets;
    this.startupTime = startupTime;
  }

  /**
   * Starts all three with fresh random credentials; the metastore's warehouse is {@code bucket}.
   */
  public static LakehouseServers start(String bucket) {
    long started = System.nanoTime();
    MetastoreSecrets secrets =
        new MetastoreSecrets(
            DB_USER, randomSecret(), "lakehouse-" + randomSecret(), randomSecret());
    // S3 and Postgres do not depend on each other: start them side by side (not in the common
    // pool, which has a single thread on a 2-core machine).
    ExecutorService starter = Executors.newFixedThreadPool(2);
    CompletableFuture<S3Server> s3Start =
        CompletableFuture.supplyAsync(
            () -> S3Server.start(secrets.s3AccessKey(), secrets.s3SecretKey()), starter);
    CompletableFuture<PostgresServer> postgresStart =
        CompletableFuture.supplyAsync(
            () -> PostgresServer.start(DATABASE, secrets.dbUser(), secrets.dbPassword()), starter);
    starter.shutdown();
    S3Server s3 = null;
    PostgresServer postgres = null;
    try {
      s3 = join(s3Start);
      postgres = join(postgresStart);
      s3.createBucket(bucket);
      S3Settings s3Settings = S3Settings.of(s3.endpoint(), s3.region(), true);
      MetastoreSettings settings =
          MetastoreServer.withThriftPort(
              MetastoreSettings.of(postgres.jdbcUrl(), bucket, s3Settings), 0);
      MetastoreServer metastore = MetastoreServer.start(settings, secrets);
      return new LakehouseServers(
          bucket, s3, postgres, metastore, secrets, Duration.ofNanos(System.nanoTime() - started));
    } catch (RuntimeException e) {
      // Whichever of the two came up must not outlive the failure.
      closeQuietly(s3 != null ? s3 : s3Start.exceptionally(t -> null).join());
      closeQuietly(postgres != null ? postgres : postgresStart.exceptionally(t -> null).join());
      throw e;
    }
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private static void closeQuietly(AutoCloseable server) {
    if (server == null) {
      return;
    }
    try {
      server.close();
    } catch (Exception ignored) {
      // Already failing with the cause that matters.
    }
  }

  private static String randomSecret() {
    byte[] bytes = new byte[12];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  public String bucket() {
    return bucket;
  }

  public S3Server s3() {
    return s3;
  }

  public PostgresServer postgres() {
    return postgres;
  }

  public MetastoreServer metastore() {
    return metastore;
  }

  public S3Settings s3Settings() {
    return metastore.settings().s3();
  }

  public MetastoreSettings metastoreSettings() {
    return metastore.settings();
  }

  public MetastoreSecrets secrets() {
    return secrets;
  }

  /**
   * The variables the rendered configuration refers to ({@code LAKEHOUSE_DB_USER}, ...), for other
   * processes (Spark, Trino) started from the same settings.
   */
  public Map<String, String> environment() {
    return secrets.environment(metastore.settings());
  }

  public String s3Endpoint() {
    return s3.endpoint();
  }

  public String thriftUri() {
    return metastore.thriftUri();
  }

  /** Wall-clock time {@link #start} took. */
  public Duration startupTime() {
    return startupTime;
  }

  /** Metastore first, then the database and storage it uses; safe to call more than once. */
  @Override
  public void close() {
    try {
      metastore.close();
    } finally {
      try {
        postgres.close();
      } finally {
        s3.close();
      }
    }
  }
}
