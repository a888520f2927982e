package dev.lakehouse.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Raw Thrift calls to a metastore, so tests need no Hive client jars on their classpath. */
public final class MetastoreProbe {
  private static final int VERSION_1 = 0x80010000;
  private static final byte CALL = 1;
  private static final byte EXCEPTION = 3;
  private static final byte STOP = 0;
  private static final byte I32 = 8;
  private static final byte STRING = 11;
  private static final byte STRUCT = 12;
  private static final byte MAP = 13;
  private static final byte LIST = 15;
  private static final int PRINCIPAL_TYPE_USER = 1;

  private MetastoreProbe() {}

  /** {@code get_all_databases()}. */
  public static List<String> databases(String host, int port) {
    return call(
        host,
        port,
        "get_all_databases",
        out -> out.writeByte(STOP),
        in -> {
          List<String> names = new ArrayList<>();
          readResult(
              in,
              (field, type) -> {
                if (field == 0 && type == LIST) {
                  in.readByte();
                  int size = in.readInt();
                  for (int i = 0; i < size; i++) {
                    names.add(readString(in));
                  }
                  return true;
                }
                return false;
              });
          return names;
        });
  }

  /**
   * {@code create_database(name)} with no location, so the metastore creates {@code <warehouse
   * dir>/<name>.db} itself: through S3A when the warehouse is on S3.
   */
  public static void createDatabase(String host, int port, String name) {
    call(
        host,
        port,
        "create_database",
        out -> {
          fieldHeader(out, STRUCT, 1);
          fieldHeader(out, STRING, 1);
          writeString(out, name);
          fieldHeader(out, STRING, 2);
          writeString(out, "created by lakehouse-testing");
          fieldHeader(out, MAP, 4);
          out.writeByte(STRING);
          out.writeByte(STRING);
          out.writeInt(0);
          fieldHeader(out, STRING, 6);
          writeString(out, "lakehouse");
          fieldHeader(out, I32, 7);
          out.writeInt(PRINCIPAL_TYPE_USER);
          out.writeByte(STOP);
          out.writeByte(STOP);
        },
        in -> {
          readResult(in, (field, type) -> false);
          return null;
        });
  }

  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  private interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  private interface FieldReader {
    /** Reads the field and returns true, or returns false to have it skipped. */
    boolean read(short field, byte type) throws IOException;
  }

  /** Binary protocol, unframed, no SASL: what a 3.1.3 metastore speaks with default settings. */
  private static <T> T call(String host, int port, String method, Writer args, Reader<T> result) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 5_000);
      socket.setSoTimeout(60_000);
      DataOutputStream out =
          new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
      out.writeInt(VERSION_1 | CALL);
      writeString(out, method);
      out.writeInt(1);
      args.write(out);
      out.flush();
      DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
      int header = in.readInt();
      readString(in);
      in.readInt();
      if ((header & 0xff) == EXCEPTION) {
        List<String> message = new ArrayList<>();
        readStruct(
            in, (field, type) -> field == 1 && type == STRING && message.add(readString(in)));
        throw new IllegalStateException(method + " failed in the metastore: " + message);
      }
      return result.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(method + " on " + host + ":" + port + " failed", e);
    }
  }

  /** A result struct: field 0 is the return value, fields 1.. are declared exceptions. */
  private static void readResult(DataInputStream in, FieldReader success) throws IOException {
    List<String> errors = new ArrayList<>();
    readStruct(
        in,
        (field, type) -> {
          if (field > 0 && type == STRUCT) {
            readStruct(
                in,
                (f, t) -> f == 1 && t == STRING && errors.add("#" + field + " " + readString(in)));
            return true;
          }
          return success.read(field, type);
        });
    if (!errors.isEmpty()) {
      throw new IllegalStateException("metastore answered with an exception: " + errors);
    }
  }

  private static void readStruct(DataInputStream in, FieldReader fields) throws IOException {
    while (true) {
      byte type = in.readByte();
      if (type == STOP) {
        return;
      }
      short field = in.readShort();
      if (!fields.read(field, type)) {
        skip(in, type);
      }
    }
  }

  private static void skip(DataInputStream in, byte type) throws IOException {
    switch (type) {
      case 2, 3 -> in.skipNBytes(1);
      case 6 -> in.skipNBytes(2);
      case I32 -> in.skipNBytes(4);
      case 4, 10 -> in.skipNBytes(8);
      case STRING -> in.skipNBytes(in.readInt());
      case STRUCT -> readStruct(in, (field, t) -> false);
      case MAP -> {
        byte key = in.readByte();
        byte value = in.readByte();
        int size = in.readInt();
        for (int i = 0; i < size; i++) {
          skip(in, key);
          skip(in, value);
        }
      }
      case 14, LIST -> {
        byte element = in.readByte();
        int size = in.readInt();
        for (int i = 0; i < size; i++) {
          skip(in, element);
        }
      }
      default -> throw new IOException("unknown Thrift type " + type);
    }
  }

  private static void fieldHeader(DataOutputStream out, byte type, int id) throws IOException {
    out.writeByte(type);
    out.writeShort(id);
  }

  private static void writeString(DataOutputStream out, String value) throws IOException {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static String readString(DataInputStream in) throws IOException {
    return new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
  }
}
