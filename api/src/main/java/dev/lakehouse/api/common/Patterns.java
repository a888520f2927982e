package dev.lakehouse.api.common;

/** Regular expressions shared by the schema annotations and the reconcilers. */
public final class Patterns {
  /** A Kubernetes object name (DNS-1123 label). */
  public static final String K8S_NAME = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  /** A SQL identifier as the Hive Metastore stores it: lower case, so Spark and Trino agree. */
  public static final String SQL_IDENTIFIER = "^[a-z_][a-z0-9_]*$";

  /**
   * A column name in a data file: any case, no dots (nested fields are declared with struct types).
   */
  public static final String COLUMN_NAME = "^[A-Za-z_][A-Za-z0-9_]*$";

  /** An S3 bucket name. */
  public static final String BUCKET = "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$";

  /** A fraction between 0 and 1 written as a decimal string ("0.01"); CRDs avoid floats. */
  public static final String FRACTION = "^(0(\\.[0-9]{1,6})?|1(\\.0{1,6})?)$";

  /** Five cron fields, or one of the @ shortcuts; the reconciler parses it fully. */
  public static final String CRON =
      "^(@(yearly|annually|monthly|weekly|daily|hourly)|(\\S+\\s+){4}\\S+)$";

  /**
   * An object-storage key prefix relative to the lakehouse bucket: no leading slash, no "..". The
   * API server compiles patterns with Go's RE2, which has no lookahead: each dot must be followed
   * by a non-dot character (or end the key).
   */
  public static final String RELATIVE_PREFIX =
      "^(?:(?:[^./\\s]|\\.[^.\\s])(?:\\.?[^.\\s])*\\.?|\\.?)$";

  /** An http(s) endpoint. */
  public static final String HTTP_URL = "^https?://[^\\s/]+(/[^\\s]*)?$";

  /** A Spark configuration key. */
  public static final String SPARK_CONF_KEY = "^spark\\.[A-Za-z0-9._-]+$";

  private Patterns() {}
}
