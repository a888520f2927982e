package dev.lakehouse.query;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * A result as one Snappy-compressed Parquet file, with the column types {@link ParquetSchema}
 * picks.
 */
final class ParquetResultFile implements ResultFile {
  private final ParquetWriter<Object[]> writer;

  ParquetResultFile(Path file, List<ResultColumn> columns) throws IOException {
    MessageType schema = ParquetSchema.of(columns);
    List<ColumnKind> kinds = columns.stream().map(c -> ColumnKind.of(c.type())).toList();
    writer =
        new Builder(new LocalFile(file), schema, kinds)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            // Hadoop's defaults would look for core-site.xml files on the classpath.
            .withConf(new Configuration(false))
            .build();
  }

  @Override
  public void write(Object[] values, String[] texts) throws IOException {
    writer.write(values);
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }

  private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
    private final MessageType schema;
    private final List<ColumnKind> kinds;

    Builder(OutputFile file, MessageType schema, List<ColumnKind> kinds) {
      super(file);
      this.schema = schema;
      this.kinds = kinds;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Object[]> getWriteSupport(Configuration conf) {
      return new RowWriteSupport(schema, kinds);
    }
  }

  /** Writes one result row as one Parquet record. */
  private static final class RowWriteSupport extends WriteSupport<Object[]> {
    private final MessageType schema;
    private final List<ColumnKind> kinds;
    private RecordConsumer consumer;

    RowWriteSupport(MessageType schema, List<ColumnKind> kinds) {
      this.schema = schema;
      this.kinds = kinds;
    }

    @Override
    public WriteContext init(Configuration configuration) {
      return new WriteContext(schema, new HashMap<>());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      consumer = recordConsumer;
    }

    @Override
    public void write(Object[] row) {
      consumer.startMessage();
      for (int i = 0; i < row.length; i++) {
        if (row[i] != null) {
          String name = schema.getFieldName(i);
          consumer.startField(name, i);
          value(kinds.get(i), row[i]);
          consumer.endField(name, i);
        }
      }
      consumer.endMessage();
    }

    private void value(ColumnKind kind, Object value) {
      switch (kind) {
        case BOOLEAN -> consumer.addBoolean((Boolean) value);
        case TINYINT, SMALLINT, INTEGER -> consumer.addInteger((Integer) value);
        case BIGINT -> consumer.addLong((Long) value);
        case REAL -> consumer.addFloat((Float) value);
        case DOUBLE -> consumer.addDouble((Double) value);
        case DECIMAL ->
            consumer.addBinary(
                Binary.fromConstantByteArray(((BigDecimal) value).unscaledValue().toByteArray()));
        case VARBINARY -> consumer.addBinary(Binary.fromConstantByteArray((byte[]) value));
        case DATE -> consumer.addInteger((int) ((LocalDate) value).toEpochDay());
        case TIMESTAMP ->
            consumer.addLong(micros(((LocalDateTime) value).toInstant(ZoneOffset.UTC)));
        case TIMESTAMP_WITH_TIME_ZONE ->
            consumer.addLong(micros(((ZonedDateTime) value).toInstant()));
        case VARCHAR, TEXT -> consumer.addBinary(Binary.fromString((String) value));
      }
    }

    private static long micros(java.time.Instant instant) {
      return ChronoUnit.MICROS.between(java.time.Instant.EPOCH, instant);
    }
  }

  /** A local file as Parquet's output, without Hadoop's file systems. */
  private record LocalFile(Path path) implements OutputFile {
    @Override
    public PositionOutputStream create(long blockSizeHint) throws IOException {
      return stream(StandardOpenOption.CREATE_NEW);
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
      return stream(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    private PositionOutputStream stream(StandardOpenOption... options) throws IOException {
      OutputStream out =
          new BufferedOutputStream(
              Files.newOutputStream(path, append(options, StandardOpenOption.WRITE)), 1 << 16);
      return new PositionOutputStream() {
        private long position;

        @Override
        public long getPos() {
          return position;
        }

        @Override
        public void write(int b) throws IOException {
          out.write(b);
          position++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
          position += len;
        }

        @Override
        public void flush() throws IOException {
          out.flush();
        }

        @Override
        public void close() throws IOException {
          out.close();
        }
      };
    }

    private static StandardOpenOption[] append(
        StandardOpenOption[] options, StandardOpenOption extra) {
      StandardOpenOption[] all = java.util.Arrays.copyOf(options, options.length + 1);
      all[options.length] = extra;
      return all;
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }

    @Override
    public String getPath() {
      return path.toString();
    }
  }
}
