package dev.lakehouse.operator.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * A cron expression read in an IANA time zone, so ticks follow daylight saving time: a local time
 * that a spring-forward skips has no tick that day, one that a fall-back repeats ticks once.
 */
public final class CronSchedule {
  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  /** The nicknames a CronJob accepts; cron-utils' UNIX definition knows none of them. */
  private static final Map<String, String> NICKNAMES =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");

  private static final ZonedDateTime REFERENCE =
      ZonedDateTime.ofInstant(Instant.parse("2000-01-01T00:00:00Z"), ZoneId.of("UTC"));

  private final ExecutionTime execution;
  private final ZoneId zone;

  private CronSchedule(ExecutionTime execution, ZoneId zone) {
    this.execution = execution;
    this.zone = zone;
  }

  /** Parses a schedule; the exception's message says what is wrong, for a condition. */
  public static CronSchedule parse(String cron, String timeZone) {
    ZoneId zone;
    try {
      zone = ZoneId.of(timeZone == null ? "UTC" : timeZone);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "spec.schedule.timeZone \""
              + timeZone
              + "\" is not a time zone: use an IANA name such as Europe/Berlin or UTC");
    }
    String expression = cron == null ? "" : cron.trim();
    Cron parsed;
    try {
      parsed = PARSER.parse(NICKNAMES.getOrDefault(expression, expression)).validate();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "spec.schedule.cron \"" + cron + "\" is not a valid cron expression: " + e.getMessage());
    }
    var execution = ExecutionTime.forCron(parsed);
    if (execution.nextExecution(REFERENCE.withZoneSameInstant(zone)).isEmpty()) {
      throw new IllegalArgumentException(
          "spec.schedule.cron \"" + cron + "\" never matches a date, so it would never run");
    }
    return new CronSchedule(execution, zone);
  }

  /** The latest tick at or before {@code now}, if it is later than {@code after}. */
  public Optional<Instant> latestTick(Instant after, Instant now) {
    // cron-utils looks strictly before the given time; ticks fall on whole minutes.
    Instant justAfterNow = now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    return execution
        .lastExecution(justAfterNow.atZone(zone))
        .map(ZonedDateTime::toInstant)
        .filter(tick -> tick.isAfter(after));
  }

  /** The first tick strictly after {@code now}. */
  public Optional<Instant> nextTick(Instant now) {
    return execution.nextExecution(now.atZone(zone)).map(ZonedDateTime::toInstant);
  }
}
