package dev.lakehouse.operator.run;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code spec.timeout} of an IngestionRun: hours, minutes and seconds as Go writes durations. */
final class RunTimeout {
  static final Duration DEFAULT = Duration.ofHours(12);
  private static final Pattern FORM = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

  private RunTimeout() {}

  /** The timeout; the default when unset (the CRD's schema refuses other forms). */
  static Duration of(String timeout) {
    if (timeout == null || timeout.isEmpty()) {
      return DEFAULT;
    }
    Matcher m = FORM.matcher(timeout);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "spec.timeout " + timeout + " is not like 2h, 90m or 1h30m");
    }
    return Duration.ofHours(part(m, 1)).plusMinutes(part(m, 2)).plusSeconds(part(m, 3));
  }

  private static long part(Matcher m, int group) {
    return m.group(group) == null ? 0 : Long.parseLong(m.group(group));
  }
}
