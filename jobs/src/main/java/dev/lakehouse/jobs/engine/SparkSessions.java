package dev.lakehouse.jobs.engine;

import org.apache.spark.sql.SparkSession;

/** Starts the engine's Spark session from {@link SparkSettings}. */
public final class SparkSessions {
  private SparkSessions() {}

  public static SparkSession start(SparkSettings settings) {
    SparkSession.Builder builder = SparkSession.builder();
    settings.asMap().forEach(builder::config);
    if ("hive".equals(settings.asMap().get("spark.sql.catalogImplementation"))) {
      builder.enableHiveSupport();
    }
    SparkSession spark = builder.getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }
}
