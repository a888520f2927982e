package dev.lakehouse.operator.monitoring;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * One JSON object per log line: time (ISO-8601, UTC, milliseconds), level, logger, thread, message,
 * the resource the line is about ({@code namespace}, {@code name}, {@code kind} from the MDC keys
 * JOSDK sets, see {@link ResourceMdc}) and an exception's stack trace as one string.
 */
public final class JsonLayout extends LayoutBase<ILoggingEvent> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** JOSDK writes this instead of a namespace for cluster-scoped resources. */
  private static final String NO_NAMESPACE = "no namespace";

  @Override
  public String doLayout(ILoggingEvent event) {
    StringBuilder json = new StringBuilder(256);
    json.append('{');
    Instant time = event.getInstant();
    field(
        json,
        "time",
        TIME.format(time != null ? time : Instant.ofEpochMilli(event.getTimeStamp())));
    field(json, "level", event.getLevel().toString());
    field(json, "logger", event.getLoggerName());
    field(json, "thread", event.getThreadName());
    field(json, "message", event.getFormattedMessage());
    Map<String, String> mdc = event.getMDCPropertyMap();
    String namespace = mdc.get(ResourceMdc.NAMESPACE);
    if (namespace != null && !NO_NAMESPACE.equals(namespace)) {
      field(json, "namespace", namespace);
    }
    field(json, "name", mdc.get(ResourceMdc.NAME));
    field(json, "kind", mdc.get(ResourceMdc.KIND));
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) {
      field(json, "exception", ThrowableProxyUtil.asString(thrown));
    }
    return json.append("}\n").toString();
  }

  private static void field(StringBuilder json, String key, String value) {
    if (value == null) {
      return;
    }
    if (json.length() > 1) {
      json.append(',');
    }
    json.append('"').append(key).append("\":\"");
    escape(json, value);
    json.append('"');
  }

  /** JSON string escaping: quotes, backslashes and every control character. */
  static void escape(StringBuilder json, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        case '\b' -> json.append("\\b");
        case '\f' -> json.append("\\f");
        default -> {
          // U+2028/2029 are valid JSON but end lines in some readers; escape them too.
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
  }

  @Override
  public String getContentType() {
    return "application/json";
  }
}
