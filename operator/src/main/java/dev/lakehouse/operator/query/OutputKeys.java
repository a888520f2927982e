package dev.lakehouse.operator.query;

import dev.lakehouse.query.ResultFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Object keys of full results: one object per run, under the Query's prefix, named by the Query and
 * the run's start, so scheduled runs keep their history and names sort by time.
 */
final class OutputKeys {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private OutputKeys() {}

  static String of(String prefix, String query, Instant started, ResultFormat format) {
    String folder = prefix.endsWith("/") ? prefix : prefix + "/";
    return folder + query + "-" + STAMP.format(started) + "." + format.extension();
  }
}
