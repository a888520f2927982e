package dev.lakehouse.jobs.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.api.common.Column;
import dev.lakehouse.api.dataset.SchemaEvolution;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class RunSchemaTest {
  final StructType table =
      new StructType()
          .add("id", DataTypes.LongType)
          .add("ip", DataTypes.StringType)
          .add("_source_file", DataTypes.StringType)
          .add("_rescued_data", DataTypes.StringType);
  final StructType source =
      new StructType()
          .add("id", DataTypes.StringType)
          .add("ip", DataTypes.StringType)
          .add("battery", DataTypes.LongType);

  @Test
  void aNewTableTakesTheSourceSchema() {
    assertThat(
            RunSchema.reconcile(source, Optional.empty(), SchemaEvolution.fail, "d").fieldNames())
        .containsExactly("id", "ip", "battery");
  }

  @Test
  void existingColumnsKeepTheTablesTypes() {
    StructType added =
        RunSchema.reconcile(source, Optional.of(table), SchemaEvolution.addNewColumns, "d");
    assertThat(added.fieldNames()).containsExactly("id", "ip", "battery");
    assertThat(added.apply("id").dataType()).isEqualTo(DataTypes.LongType);
  }

  @Test
  void rescueKeepsTheTableSchemaAndFailRefuses() {
    assertThat(
            RunSchema.reconcile(source, Optional.of(table), SchemaEvolution.rescue, "d")
                .fieldNames())
        .containsExactly("id", "ip");
    assertThatThrownBy(
            () -> RunSchema.reconcile(source, Optional.of(table), SchemaEvolution.fail, "events"))
        .isInstanceOf(RunFailure.class)
        .hasMessageContaining("Dataset events has schemaEvolution: fail")
        .hasMessageContaining("battery");
  }

  @Test
  void declaredColumnsBecomeASchemaOrAClearError() {
    Column id = new Column("id", "bigint");
    id.nullable = false;
    StructType declared = RunSchema.declared(List.of(id, new Column("tags", "array<string>")));
    assertThat(declared.apply("id").nullable()).isFalse();
    assertThat(declared.apply("tags").dataType().simpleString()).isEqualTo("array<string>");
    assertThatThrownBy(() -> RunSchema.declared(List.of(new Column("x", "integr"))))
        .hasMessageContaining("spec.columns is not a valid schema");
  }
}
