package dev.lakehouse.jobs.read;

import java.util.Set;

/** Columns the engine adds to every batch; the ones starting with "__" never reach a table. */
public final class BatchColumns {
  /** The object each row came from; kept in the table as lineage. */
  public static final String SOURCE_FILE = "_source_file";

  /**
   * When the row's batch was written: later deliveries have later times, so a transform can keep
   * the latest row of a key; kept in the table as lineage.
   */
  public static final String INGESTED_AT = "_ingested_at";

  /** Top-level fields outside the table's schema, as JSON (schemaEvolution: rescue). */
  public static final String RESCUED = "_rescued_data";

  /** The row's source text, for quarantine. */
  public static final String RAW = "__raw";

  /** Why a row is rejected; null for a good row. */
  public static final String REJECT = "__reject";

  /** Top-level fields the parse schema did not know. */
  public static final String EXTRA_FIELDS = "__extra_fields";

  /** Spark's column for records its parser could not read. */
  public static final String CORRUPT = "_corrupt_record";

  public static final Set<String> INTERNAL = Set.of(RAW, REJECT, EXTRA_FIELDS, CORRUPT);

  private BatchColumns() {}
}
