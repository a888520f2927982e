package dev.lakehouse.jobs.local;

import dev.lakehouse.jobs.engine.SparkSessions;
import dev.lakehouse.jobs.engine.SparkSettings;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark session started on first use: a rerun whose runs are all finished and that has no query
 * costs a JVM start, not a Spark start and a Delta snapshot per table.
 */
public final class LazySparkSession implements Supplier<SparkSession>, AutoCloseable {
  private final SparkSettings settings;
  private SparkSession session;

  public LazySparkSession(SparkSettings settings) {
    this.settings = settings;
  }

  @Override
  public synchronized SparkSession get() {
    if (session == null) {
      session = SparkSessions.start(settings);
    }
    return session;
  }

  public synchronized boolean started() {
    return session != null;
  }

  @Override
  public synchronized void close() {
    if (session != null) {
      session.close();
      session = null;
    }
  }
}
