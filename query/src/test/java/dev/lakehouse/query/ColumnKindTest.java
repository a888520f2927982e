package dev.lakehouse.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ColumnKindTest {
  @Test
  void readsTrinoTypeNames() {
    assertThat(ColumnKind.of("varchar(20)")).isEqualTo(ColumnKind.VARCHAR);
    assertThat(ColumnKind.of("char(3)")).isEqualTo(ColumnKind.VARCHAR);
    assertThat(ColumnKind.of("decimal(38,10)")).isEqualTo(ColumnKind.DECIMAL);
    assertThat(ColumnKind.of("timestamp(6)")).isEqualTo(ColumnKind.TIMESTAMP);
    assertThat(ColumnKind.of("timestamp(3) with time zone"))
        .isEqualTo(ColumnKind.TIMESTAMP_WITH_TIME_ZONE);
    assertThat(ColumnKind.of("bigint")).isEqualTo(ColumnKind.BIGINT);
    assertThat(ColumnKind.of("map(varchar, bigint)")).isEqualTo(ColumnKind.TEXT);
    assertThat(ColumnKind.of("time(3)")).isEqualTo(ColumnKind.TEXT);
    assertThat(ColumnKind.decimalPrecisionAndScale("decimal(10, 2)")).containsExactly(10, 2);
  }
}
