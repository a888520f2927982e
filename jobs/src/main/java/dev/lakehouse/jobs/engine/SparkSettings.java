package dev.lakehouse.jobs.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Spark configuration of every engine session: Delta, the catalog, S3A, and the small-file
 * tuning PERFORMANCE measurements call for (one listing on the driver, files packed into tasks, few
 * shuffle partitions for batch-sized data).
 */
public final class SparkSettings {
  private final Map<String, String> conf = new LinkedHashMap<>();

  public SparkSettings(String master) {
    conf.put("spark.master", master);
    conf.put("spark.app.name", "lakehouse-ingestion");
    conf.put("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    conf.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    conf.put("spark.sql.session.timeZone", "UTC");
    conf.put("spark.ui.enabled", "false");
    conf.put("spark.sql.shuffle.partitions", "8");
    conf.put("spark.sql.sources.parallelPartitionDiscovery.threshold", "1000000");
    conf.put("spark.sql.files.openCostInBytes", "16384");
    conf.put("spark.sql.files.maxPartitionBytes", "16777216");
    conf.put("spark.databricks.delta.snapshotPartitions", "2");
    conf.put("spark.databricks.delta.stats.collect", "true");
    // Delta 3.3 lists every file of a small table (under 50 files) in each commit's checksum and
    // checks the list against a full state reconstruction: a Spark job per commit, about a third
    // of a small batch's time, for a table that only ever grows by appends.
    conf.put("spark.databricks.delta.allFilesInCrc.enabled", "false");
    conf.put("spark.sql.debug.maxToStringFields", "1000");
  }

  /** Binds the driver to loopback: a laptop's external address may not be reachable. */
  public SparkSettings loopback() {
    conf.put("spark.driver.host", "127.0.0.1");
    conf.put("spark.driver.bindAddress", "127.0.0.1");
    return this;
  }

  public SparkSettings hiveMetastore(String thriftUri, String warehouse) {
    conf.put("spark.sql.catalogImplementation", "hive");
    conf.put("spark.hadoop.hive.metastore.uris", thriftUri);
    conf.put("spark.sql.warehouse.dir", warehouse);
    return this;
  }

  public SparkSettings inMemoryCatalog(String warehouse) {
    conf.put("spark.sql.catalogImplementation", "in-memory");
    conf.put("spark.sql.warehouse.dir", warehouse);
    return this;
  }

  public SparkSettings s3(String endpoint, boolean pathStyle, String accessKey, String secretKey) {
    conf.put("spark.hadoop.fs.s3a.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem");
    conf.put("spark.hadoop.fs.s3a.endpoint", endpoint);
    conf.put("spark.hadoop.fs.s3a.path.style.access", Boolean.toString(pathStyle));
    conf.put(
        "spark.hadoop.fs.s3a.connection.ssl.enabled",
        Boolean.toString(endpoint.startsWith("https://")));
    conf.put(
        "spark.hadoop.fs.s3a.aws.credentials.provider",
        "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    conf.put("spark.hadoop.fs.s3a.access.key", accessKey);
    conf.put("spark.hadoop.fs.s3a.secret.key", secretKey);
    conf.put("spark.hadoop.fs.s3a.fast.upload", "true");
    return this;
  }

  /** Spark configuration from the Lakehouse and the run; later entries win. */
  public SparkSettings with(Map<String, String> overrides) {
    if (overrides != null) {
      conf.putAll(overrides);
    }
    return this;
  }

  public Map<String, String> asMap() {
    return Map.copyOf(conf);
  }
}
