package dev.lakehouse.jobs.engine;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** Lets tests in other packages share the engine tests' Spark session. */
public final class EngineFixtureAccess {
  private EngineFixtureAccess() {}

  public static SparkSession spark(Path warehouse) {
    return EngineFixture.spark(warehouse);
  }
}
