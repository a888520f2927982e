package dev.lakehouse.query;

import java.sql.Array;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** A JDBC value as text for the preview and CSV: Trino's own text for scalars. */
final class ValueText {
  private ValueText() {}

  /**
   * @param scalarText the driver's text of the value, used for everything but containers and bytes
   *     (it is Trino's format for dates, timestamps and decimals)
   */
  static String of(Object value, String scalarText) throws SQLException {
    if (value == null) {
      return null;
    }
    if (value instanceof byte[] bytes) {
      return HexFormat.of().formatHex(bytes);
    }
    if (value instanceof Array || value instanceof List<?> || value instanceof Map<?, ?>) {
      return nested(value);
    }
    return scalarText;
  }

  private static String nested(Object value) throws SQLException {
    if (value == null) {
      return "null";
    }
    if (value instanceof Array array) {
      return nested(Arrays.asList((Object[]) array.getArray()));
    }
    if (value instanceof byte[] bytes) {
      return HexFormat.of().formatHex(bytes);
    }
    if (value instanceof Object[] items) {
      return nested(Arrays.asList(items));
    }
    if (value instanceof List<?> list) {
      StringBuilder out = new StringBuilder("[");
      for (Object item : list) {
        out.append(out.length() == 1 ? "" : ", ").append(nested(item));
      }
      return out.append(']').toString();
    }
    if (value instanceof Map<?, ?> map) {
      StringBuilder out = new StringBuilder("{");
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        out.append(out.length() == 1 ? "" : ", ")
            .append(nested(entry.getKey()))
            .append('=')
            .append(nested(entry.getValue()));
      }
      return out.append('}').toString();
    }
    return String.valueOf(value);
  }
}
