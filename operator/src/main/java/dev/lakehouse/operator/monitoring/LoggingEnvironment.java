package dev.lakehouse.operator.monitoring;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks the logging variables logback.xml reads: {@code LAKEHOUSE_LOG_FORMAT} ({@code json} by
 * default, or {@code text}) and {@code LAKEHOUSE_LOG_LEVEL} ({@code INFO} by default) for the
 * {@code dev.lakehouse} loggers. Logback itself would silently drop every line for an unknown
 * format and log at DEBUG for an unknown level.
 */
public final class LoggingEnvironment {
  public static final String FORMAT = "LAKEHOUSE_LOG_FORMAT";
  public static final String LEVEL = "LAKEHOUSE_LOG_LEVEL";
  private static final List<String> FORMATS = List.of("json", "text");
  private static final List<String> LEVELS =
      List.of("ALL", "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

  private LoggingEnvironment() {}

  /** Throws an IllegalArgumentException that names the variable and what it takes. */
  public static void check(Map<String, String> env) {
    String format = env.get(FORMAT);
    if (format != null && !FORMATS.contains(format)) {
      throw new IllegalArgumentException(
          FORMAT + " is \"" + format + "\"; it takes json (the default) or text");
    }
    String level = env.get(LEVEL);
    if (level != null && !LEVELS.contains(level.toUpperCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          LEVEL + " is \"" + level + "\"; it takes one of " + String.join(", ", LEVELS));
    }
  }
}
