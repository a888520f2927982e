package dev.lakehouse.query;

import java.util.List;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * The Parquet schema of a result: every column optional, typed as close to Trino's as Parquet goes.
 */
final class ParquetSchema {
  private ParquetSchema() {}

  static MessageType of(List<ResultColumn> columns) {
    Types.MessageTypeBuilder message = Types.buildMessage();
    for (ResultColumn column : columns) {
      message.addField(field(column));
    }
    return message.named("result");
  }

  private static Type field(ResultColumn column) {
    String name = column.name();
    return switch (ColumnKind.of(column.type())) {
      case BOOLEAN -> Types.optional(PrimitiveTypeName.BOOLEAN).named(name);
      case TINYINT -> int32(8).named(name);
      case SMALLINT -> int32(16).named(name);
      case INTEGER -> Types.optional(PrimitiveTypeName.INT32).named(name);
      case BIGINT -> Types.optional(PrimitiveTypeName.INT64).named(name);
      case REAL -> Types.optional(PrimitiveTypeName.FLOAT).named(name);
      case DOUBLE -> Types.optional(PrimitiveTypeName.DOUBLE).named(name);
      case DECIMAL -> {
        int[] ps = ColumnKind.decimalPrecisionAndScale(column.type());
        yield Types.optional(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.decimalType(ps[1], ps[0]))
            .named(name);
      }
      case VARBINARY -> Types.optional(PrimitiveTypeName.BINARY).named(name);
      case DATE ->
          Types.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType()).named(name);
      case TIMESTAMP -> timestamp(false).named(name);
      case TIMESTAMP_WITH_TIME_ZONE -> timestamp(true).named(name);
      case VARCHAR, TEXT ->
          Types.optional(PrimitiveTypeName.BINARY)
              .as(LogicalTypeAnnotation.stringType())
              .named(name);
    };
  }

  private static Types.PrimitiveBuilder<PrimitiveType> int32(int bits) {
    return Types.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(bits, true));
  }

  private static Types.PrimitiveBuilder<PrimitiveType> timestamp(boolean utc) {
    return Types.optional(PrimitiveTypeName.INT64)
        .as(LogicalTypeAnnotation.timestampType(utc, LogicalTypeAnnotation.TimeUnit.MICROS));
  }
}
