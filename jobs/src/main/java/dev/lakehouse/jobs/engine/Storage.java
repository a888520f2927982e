package dev.lakehouse.jobs.engine;

import dev.lakehouse.api.dataset.FilesSource;
import dev.lakehouse.api.dataset.TableRef;

/**
 * Where a lakehouse keeps things: the bucket (an s3a:// URI in a cluster, a local folder on a
 * laptop), tables under {@code warehouse/} in it.
 */
public record Storage(String bucketUri) {
  public Storage {
    bucketUri =
        bucketUri.endsWith("/") ? bucketUri.substring(0, bucketUri.length() - 1) : bucketUri;
  }

  public static Storage s3(String bucket) {
    return new Storage("s3a://" + bucket);
  }

  public String warehouse() {
    return bucketUri + "/warehouse";
  }

  public String tableLocation(TableRef table) {
    return warehouse() + "/" + table.schema + "/" + table.name;
  }

  /** Rejected rows of a table go to a sibling table with this suffix. */
  public static TableRef quarantineTable(TableRef table) {
    return new TableRef(table.schema, table.name + "_quarantine");
  }

  /** The folder the files of a source live in. */
  public String sourceRoot(FilesSource files) {
    if (files.url != null) {
      return files.url.startsWith("s3://")
          ? "s3a://" + files.url.substring("s3://".length())
          : files.url;
    }
    return bucketUri + "/" + files.prefix;
  }

  /** Run manifests sit beside the table's Delta log; Delta ignores folders starting with '_'. */
  public String runsFolder(TableRef table) {
    return tableLocation(table) + "/_lakehouse/runs";
  }
}
