package dev.lakehouse.api.dataset;

/** What a run does with columns the table does not have yet. */
public enum SchemaEvolution {
  /** Add them to the table. */
  addNewColumns,
  /** Keep them as JSON text in a {@code _rescued_data} column. */
  rescue,
  /** Fail the run with a message naming them. */
  fail
}
