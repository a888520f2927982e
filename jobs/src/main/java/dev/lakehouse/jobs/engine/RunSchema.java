package dev.lakehouse.jobs.engine;

import dev.lakehouse.api.common.Column;
import dev.lakehouse.api.dataset.SchemaEvolution;
import dev.lakehouse.jobs.Messages;
import dev.lakehouse.jobs.read.BatchColumns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Decides the one schema a run reads every batch with: declared columns, or the sample's inferred
 * schema reconciled with the table's under the Dataset's schemaEvolution policy. Existing columns
 * keep the table's types, so no batch can change what earlier ones wrote.
 */
public final class RunSchema {
  /** Columns the engine adds to tables; never part of a source's schema. */
  public static final Set<String> LINEAGE =
      Set.of(BatchColumns.SOURCE_FILE, BatchColumns.INGESTED_AT, BatchColumns.RESCUED);

  private RunSchema() {}

  public static StructType declared(List<Column> columns) {
    String ddl =
        columns.stream()
            .map(
                c ->
                    "`"
                        + c.name
                        + "` "
                        + c.type
                        + (Boolean.FALSE.equals(c.nullable) ? " NOT NULL" : ""))
            .collect(Collectors.joining(", "));
    try {
      return StructType.fromDDL(ddl);
    } catch (Exception e) { // ParseException is checked but thrown undeclared by Scala
      throw new RunFailure("spec.columns is not a valid schema: " + Messages.firstLine(e), e);
    }
  }

  /** The parse schema for a run, given what the source looks like and what the table has. */
  public static StructType reconcile(
      StructType source, Optional<StructType> table, SchemaEvolution policy, String dataset) {
    if (table.isEmpty()) {
      return withoutLineage(source);
    }
    StructType existing = withoutLineage(table.get());
    Set<String> known = Set.of(existing.fieldNames());
    List<StructField> added =
        Arrays.stream(withoutLineage(source).fields())
            .filter(f -> !known.contains(f.name()))
            .toList();
    if (added.isEmpty() || policy == SchemaEvolution.rescue) {
      return existing;
    }
    if (policy == SchemaEvolution.fail) {
      throw new RunFailure(
          "Dataset "
              + dataset
              + " has schemaEvolution: fail, and the new files have columns the table"
              + " does not: "
              + added.stream().map(StructField::name).collect(Collectors.joining(", "))
              + " (set schemaEvolution to addNewColumns or rescue to accept them)");
    }
    List<StructField> fields = new ArrayList<>(Arrays.asList(existing.fields()));
    fields.addAll(added);
    return new StructType(fields.toArray(StructField[]::new));
  }

  public static StructType withoutLineage(StructType schema) {
    return new StructType(
        Arrays.stream(schema.fields())
            .filter(f -> !LINEAGE.contains(f.name()) && !BatchColumns.INTERNAL.contains(f.name()))
            .toArray(StructField[]::new));
  }
}
