package dev.lakehouse.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders metastore-site.xml for Hive Metastore 3.1.3. Secrets appear as Hadoop {@code ${env.NAME}}
 * references, resolved by Hadoop's Configuration in the metastore process.
 */
public final class MetastoreSiteRenderer {
  private MetastoreSiteRenderer() {}

  public static Map<String, String> properties(MetastoreSettings settings) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("javax.jdo.option.ConnectionURL", settings.jdbcUrl());
    p.put("javax.jdo.option.ConnectionDriverName", "org.postgresql.Driver");
    p.put("javax.jdo.option.ConnectionUserName", envRef(settings.userEnv()));
    p.put("javax.jdo.option.ConnectionPassword", envRef(settings.passwordEnv()));
    p.put("metastore.thrift.port", Integer.toString(settings.thriftPort()));
    p.put("metastore.warehouse.dir", settings.warehouseDir());
    // The full Hive image reads the hive.* name of the same setting.
    p.put("hive.metastore.warehouse.dir", settings.warehouseDir());
    p.put("metastore.schema.verification", "true");
    // Without it the 3.1.3 metastore fails to start (the default proxy lives in hive-exec).
    p.put(
        "metastore.expression.proxy",
        "org.apache.hadoop.hive.metastore.DefaultPartitionExpressionProxy");
    // Async logging needs a class the standalone metastore does not ship.
    p.put("metastore.async.log.enabled", "false");
    p.put(
        "metastore.task.threads.always",
        "org.apache.hadoop.hive.metastore.events.EventCleanerTask");
    // Spark overwriting a Delta table changes column types through the metastore.
    p.put("metastore.disallow.incompatible.col.type.changes", "false");
    S3Settings s3 = settings.s3();
    p.put("fs.s3a.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem");
    // Trino users write s3:// locations (CREATE SCHEMA ... WITH (location = 's3://...')), and the
    // metastore creates their folders through Hadoop: serve that scheme with S3A too.
    p.put("fs.s3.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem");
    p.put("fs.s3a.endpoint", s3.endpoint());
    p.put("fs.s3a.endpoint.region", s3.region());
    p.put("fs.s3a.path.style.access", Boolean.toString(s3.pathStyleAccess()));
    p.put("fs.s3a.connection.ssl.enabled", Boolean.toString(s3.sslEnabled()));
    p.put(
        "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    p.put("fs.s3a.access.key", envRef(s3.accessKeyEnv()));
    p.put("fs.s3a.secret.key", envRef(s3.secretKeyEnv()));
    p.putAll(settings.extraProperties());
    return p;
  }

  public static String render(MetastoreSettings settings) {
    StringBuilder xml = new StringBuilder();
    xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.append("<!-- Rendered by the lakehouse operator. -->\n");
    xml.append("<configuration>\n");
    properties(settings)
        .forEach(
            (name, value) ->
                xml.append("  <property>\n")
                    .append("    <name>")
                    .append(Xml.escape(name))
                    .append("</name>\n")
                    .append("    <value>")
                    .append(Xml.escape(value))
                    .append("</value>\n")
                    .append("  </property>\n"));
    xml.append("</configuration>\n");
    return xml.toString();
  }

  private static String envRef(String variable) {
    return "${env." + variable + "}";
  }
}
