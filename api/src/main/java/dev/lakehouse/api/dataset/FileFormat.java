package dev.lakehouse.api.dataset;

/** File formats the engine reads. */
public enum FileFormat {
  json,
  csv,
  parquet
}
