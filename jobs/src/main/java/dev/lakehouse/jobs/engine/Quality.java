package dev.lakehouse.jobs.engine;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import dev.lakehouse.api.dataset.Expectation;
import dev.lakehouse.jobs.Messages;
import dev.lakehouse.jobs.read.BatchColumns;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Applies a Dataset's expectations to a batch: marks each violated one (a predicate that is false
 * or null), turns quarantine violations into reject reasons, and flags rows to drop or that fail
 * the run.
 */
public final class Quality {
  public static final String DROP = "__drop";
  public static final String FAIL = "__fail";
  static final String VIOLATED = "__violated_";

  private final List<Expectation> expectations;

  public Quality(List<Expectation> expectations) {
    this.expectations = expectations == null ? List.of() : expectations;
  }

  public List<Expectation> expectations() {
    return expectations;
  }

  /** Fails before any commit when an expectation does not compile against the run's schema. */
  public void check(SparkSession spark, StructType schema) {
    Dataset<Row> empty = spark.createDataFrame(List.of(), schema);
    for (Expectation e : expectations) {
      try {
        empty.select(expr(e.sql)).schema();
      } catch (Exception ex) { // AnalysisException is checked but thrown undeclared by Scala
        throw new RunFailure(
            "expectation "
                + e.name
                + " ("
                + e.sql
                + ") does not apply to the data: "
                + Messages.firstLine(ex),
            ex);
      }
    }
  }

  public Dataset<Row> apply(Dataset<Row> batch) {
    Dataset<Row> marked = batch;
    List<Column> quarantine = new ArrayList<>();
    Column drop = lit(false);
    Column fail = lit(false);
    for (Expectation e : expectations) {
      String flag = VIOLATED + e.name;
      marked = marked.withColumn(flag, not(coalesce(expr(e.sql), lit(false))));
      Column violated = col(flag).and(col(BatchColumns.REJECT).isNull());
      switch (e.onViolation == null ? Expectation.Action.quarantine : e.onViolation) {
        case quarantine ->
            quarantine.add(when(violated, lit("expectation " + e.name + " failed: " + e.sql)));
        case drop -> drop = drop.or(violated);
        case fail -> fail = fail.or(violated);
        case warn -> {}
      }
    }
    if (!quarantine.isEmpty()) {
      Column reasons = concat_ws("; ", quarantine.toArray(Column[]::new));
      marked =
          marked.withColumn(
              BatchColumns.REJECT,
              coalesce(col(BatchColumns.REJECT), when(reasons.notEqual(lit("")), reasons)));
    }
    return marked.withColumn(DROP, drop).withColumn(FAIL, fail);
  }

  public static String violatedColumn(Expectation e) {
    return VIOLATED + e.name;
  }
}
