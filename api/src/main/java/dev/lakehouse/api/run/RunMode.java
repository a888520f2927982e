package dev.lakehouse.api.run;

/** Which source files a run considers. */
public enum RunMode {
  /** Only files no earlier run of the Dataset ingested (the Dataset's file ledger). */
  incremental,
  /** Every file: the table is rebuilt from the source. */
  full
}
