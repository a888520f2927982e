package dev.lakehouse.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes every supported Trino type and reads the file back with Parquet's own reader. */
class ParquetResultFileTest {
  @TempDir Path dir;

  static final List<ResultColumn> COLUMNS =
      List.of(
          new ResultColumn("ok", "boolean"),
          new ResultColumn("small", "smallint"),
          new ResultColumn("n", "integer"),
          new ResultColumn("big", "bigint"),
          new ResultColumn("ratio", "double"),
          new ResultColumn("price", "decimal(10,2)"),
          new ResultColumn("ip", "varchar"),
          new ResultColumn("day", "date"),
          new ResultColumn("at", "timestamp(3)"),
          new ResultColumn("at_utc", "timestamp(3) with time zone"),
          new ResultColumn("tags", "array(varchar)"));

  @Test
  void typedColumnsRoundTrip() throws Exception {
    Path file = dir.resolve("r.parquet");
    try (var parquet = ResultFile.create(ResultFormat.PARQUET, file, COLUMNS)) {
      parquet.write(
          new Object[] {
            true,
            7,
            42,
            9_000_000_000L,
            0.25,
            new BigDecimal("1234.50"),
            "10.0.0.1",
            LocalDate.of(2026, 11, 22),
            LocalDateTime.of(2026, 11, 22, 10, 30, 0, 123_000_000),
            ZonedDateTime.of(2026, 11, 22, 11, 30, 0, 0, ZoneId.of("Europe/Berlin")),
            "[a, b]"
          },
          new String[COLUMNS.size()]);
      parquet.write(new Object[COLUMNS.size()], new String[COLUMNS.size()]);
    }

    var input = HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), conf());
    try (var reader = ParquetFileReader.open(input)) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      assertThat(schema.getType("price").getLogicalTypeAnnotation())
          .isEqualTo(LogicalTypeAnnotation.decimalType(2, 10));
      assertThat(schema.getType("day").getLogicalTypeAnnotation())
          .isEqualTo(LogicalTypeAnnotation.dateType());
      assertThat(schema.getType("at_utc").getLogicalTypeAnnotation())
          .isEqualTo(
              LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS));
      assertThat(reader.getRecordCount()).isEqualTo(2);
    }
    try (ParquetReader<Group> reader =
        ParquetReader.builder(new GroupReadSupport(), new org.apache.hadoop.fs.Path(file.toUri()))
            .withConf(conf())
            .build()) {
      Group row = reader.read();
      assertThat(row.getBoolean("ok", 0)).isTrue();
      assertThat(row.getInteger("small", 0)).isEqualTo(7);
      assertThat(row.getLong("big", 0)).isEqualTo(9_000_000_000L);
      assertThat(row.getDouble("ratio", 0)).isEqualTo(0.25);
      assertThat(new BigDecimal(new java.math.BigInteger(row.getBinary("price", 0).getBytes()), 2))
          .isEqualTo(new BigDecimal("1234.50"));
      assertThat(row.getString("ip", 0)).isEqualTo("10.0.0.1");
      assertThat(row.getInteger("day", 0)).isEqualTo((int) LocalDate.of(2026, 11, 22).toEpochDay());
      assertThat(row.getLong("at", 0))
          .isEqualTo(
              LocalDateTime.of(2026, 11, 22, 10, 30, 0, 123_000_000)
                          .toEpochSecond(java.time.ZoneOffset.UTC)
                      * 1_000_000
                  + 123_000);
      assertThat(row.getLong("at_utc", 0))
          .isEqualTo(java.time.Instant.parse("2026-11-22T10:30:00Z").getEpochSecond() * 1_000_000);
      assertThat(row.getString("tags", 0)).isEqualTo("[a, b]");

      Group nulls = reader.read();
      assertThat(nulls.getFieldRepetitionCount("ok")).isZero();
      assertThat(nulls.getFieldRepetitionCount("ip")).isZero();
      assertThat(reader.read()).isNull();
    }
  }

  private static Configuration conf() {
    return new Configuration(false);
  }
}
