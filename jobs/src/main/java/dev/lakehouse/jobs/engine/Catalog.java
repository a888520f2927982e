package dev.lakehouse.jobs.engine;

import dev.lakehouse.api.dataset.TableRef;
import org.apache.spark.sql.SparkSession;

/**
 * Registers Delta tables by location in the session's catalog: the Hive Metastore in a cluster, so
 * Spark SQL and Trino both see them; an in-memory catalog on a laptop, filled again at each start.
 */
public final class Catalog {
  private Catalog() {}

  public static void register(SparkSession spark, TableRef table, String location) {
    spark.sql("CREATE DATABASE IF NOT EXISTS " + quote(table.schema));
    spark.sql(
        "CREATE TABLE IF NOT EXISTS "
            + quote(table.schema)
            + "."
            + quote(table.name)
            + " USING DELTA LOCATION '"
            + location.replace("'", "\\'")
            + "'");
  }

  /** Removes a table from the catalog, keeping its files; false when it was not there. */
  public static boolean unregister(SparkSession spark, TableRef table) {
    if (!spark.catalog().databaseExists(table.schema)
        || !spark.catalog().tableExists(table.schema, table.name)) {
      return false;
    }
    spark.sql("DROP TABLE IF EXISTS " + quote(table.schema) + "." + quote(table.name));
    return true;
  }

  static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }
}
