package dev.lakehouse.query;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a Trino type is read and stored: the typed value a Parquet file needs. Types without a
 * Parquet counterpart here (time, interval, json, uuid, arrays, maps, rows) are kept as their text.
 */
enum ColumnKind {
  BOOLEAN,
  TINYINT,
  SMALLINT,
  INTEGER,
  BIGINT,
  REAL,
  DOUBLE,
  DECIMAL,
  VARCHAR,
  VARBINARY,
  DATE,
  TIMESTAMP,
  TIMESTAMP_WITH_TIME_ZONE,
  TEXT;

  private static final Pattern DECIMAL_TYPE = Pattern.compile("decimal\\((\\d+)\\s*,\\s*(\\d+)\\)");

  static ColumnKind of(String trinoType) {
    String type = trinoType.toLowerCase(Locale.ROOT).trim();
    if (type.startsWith("timestamp")) {
      return type.endsWith("with time zone") ? TIMESTAMP_WITH_TIME_ZONE : TIMESTAMP;
    }
    if (type.startsWith("decimal")) {
      return DECIMAL;
    }
    if (type.startsWith("varchar") || type.startsWith("char")) {
      return VARCHAR;
    }
    return switch (type) {
      case "boolean" -> BOOLEAN;
      case "tinyint" -> TINYINT;
      case "smallint" -> SMALLINT;
      case "integer" -> INTEGER;
      case "bigint" -> BIGINT;
      case "real" -> REAL;
      case "double" -> DOUBLE;
      case "varbinary" -> VARBINARY;
      case "date" -> DATE;
      default -> TEXT;
    };
  }

  /** Precision and scale of a {@code decimal(p,s)} type. */
  static int[] decimalPrecisionAndScale(String trinoType) {
    Matcher m = DECIMAL_TYPE.matcher(trinoType.toLowerCase(Locale.ROOT));
    if (!m.find()) {
      throw new IllegalArgumentException("not a decimal type: " + trinoType);
    }
    return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
  }

  /**
   * The column's value as the Parquet writer takes it: Boolean, Integer, Long, Float, Double,
   * BigDecimal, String, byte[], LocalDate, LocalDateTime or ZonedDateTime.
   */
  Object read(ResultSet rs, int column, String text) throws SQLException {
    Object value =
        switch (this) {
          case BOOLEAN -> rs.getBoolean(column);
          case TINYINT, SMALLINT, INTEGER -> rs.getInt(column);
          case BIGINT -> rs.getLong(column);
          case REAL -> rs.getFloat(column);
          case DOUBLE -> rs.getDouble(column);
          case DECIMAL -> rs.getObject(column, BigDecimal.class);
          case VARCHAR -> rs.getString(column);
          case VARBINARY -> rs.getBytes(column);
          case DATE -> rs.getObject(column, LocalDate.class);
          case TIMESTAMP -> rs.getObject(column, LocalDateTime.class);
          case TIMESTAMP_WITH_TIME_ZONE -> rs.getObject(column, ZonedDateTime.class);
          case TEXT -> text;
        };
    return rs.wasNull() ? null : value;
  }
}
