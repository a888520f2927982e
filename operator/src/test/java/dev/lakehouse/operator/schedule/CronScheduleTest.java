package dev.lakehouse.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CronScheduleTest {
  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  @Test
  void theLatestTickIsAtOrBeforeNowAndAfterTheLastOneActedOn() {
    CronSchedule hourly = CronSchedule.parse("0 * * * *", "UTC");
    Instant tenOClock = Instant.parse("2026-11-21T10:00:00Z");

    assertThat(hourly.latestTick(Instant.EPOCH, tenOClock)).contains(tenOClock);
    assertThat(hourly.latestTick(Instant.EPOCH, tenOClock.plusMillis(999))).contains(tenOClock);
    assertThat(hourly.latestTick(Instant.EPOCH, tenOClock.minusSeconds(1)))
        .contains(Instant.parse("2026-11-21T09:00:00Z"));
    assertThat(hourly.latestTick(tenOClock, tenOClock.plusSeconds(3599))).isEmpty();
    // Five hours missed: one tick, the latest.
    assertThat(hourly.latestTick(tenOClock, tenOClock.plusSeconds(5 * 3600 + 60)))
        .contains(Instant.parse("2026-11-21T15:00:00Z"));
    assertThat(hourly.nextTick(tenOClock)).contains(Instant.parse("2026-11-21T11:00:00Z"));
  }

  @Test
  void nicknamesMeanWhatACronJobMakesOfThem() {
    Instant now = Instant.parse("2026-11-21T10:17:00Z"); // a Saturday
    assertThat(next("@hourly", now)).isEqualTo("2026-11-21T11:00:00Z");
    assertThat(next("@daily", now)).isEqualTo("2026-11-22T00:00:00Z");
    assertThat(next("@midnight", now)).isEqualTo("2026-11-22T00:00:00Z");
    assertThat(next("@weekly", now)).isEqualTo("2026-11-22T00:00:00Z");
    assertThat(next("@monthly", now)).isEqualTo("2026-12-01T00:00:00Z");
    assertThat(next("@yearly", now)).isEqualTo("2027-01-01T00:00:00Z");
    assertThat(next("@annually", now)).isEqualTo("2027-01-01T00:00:00Z");
    assertThat(next("*/30 * * * *", now)).isEqualTo("2026-11-21T10:30:00Z");
  }

  @Test
  void aDailyTickStaysAtItsLocalTimeAcrossDaylightSavingTime() {
    CronSchedule daily = CronSchedule.parse("0 6 * * *", "America/New_York");

    List<Instant> ticks = ticks(daily, Instant.parse("2026-03-07T00:00:00Z"), 3);

    assertThat(ticks)
        .containsExactly(
            Instant.parse("2026-03-07T11:00:00Z"), // EST, UTC-5
            Instant.parse("2026-03-08T10:00:00Z"), // EDT from 2026-03-08, UTC-4
            Instant.parse("2026-03-09T10:00:00Z"));
    assertThat(ticks).allSatisfy(t -> assertThat(t.atZone(NEW_YORK).getHour()).isEqualTo(6));
  }

  @Test
  void aLocalTimeTheSpringForwardSkipsHasNoTickThatDay() {
    CronSchedule daily = CronSchedule.parse("30 2 * * *", "America/New_York");

    assertThat(ticks(daily, Instant.parse("2026-03-07T12:00:00Z"), 2))
        .containsExactly(
            ZonedDateTime.of(2026, 3, 9, 2, 30, 0, 0, NEW_YORK).toInstant(),
            ZonedDateTime.of(2026, 3, 10, 2, 30, 0, 0, NEW_YORK).toInstant());
  }

  @Test
  void aLocalTimeTheFallBackRepeatsTicksOnce() {
    CronSchedule daily = CronSchedule.parse("30 1 * * *", "America/New_York");

    assertThat(ticks(daily, Instant.parse("2026-10-31T12:00:00Z"), 2))
        .containsExactly(
            Instant.parse("2026-11-01T05:30:00Z"), // 01:30 EDT, the first of the two
            Instant.parse("2026-11-02T06:30:00Z")); // 01:30 EST
  }

  @Test
  void anHourlyScheduleTicksEveryRealHourThroughTheFallBack() {
    CronSchedule hourly = CronSchedule.parse("0 * * * *", "America/New_York");

    assertThat(ticks(hourly, Instant.parse("2026-11-01T04:30:00Z"), 4))
        .containsExactly(
            Instant.parse("2026-11-01T05:00:00Z"), // 01:00 EDT
            Instant.parse("2026-11-01T06:00:00Z"), // 01:00 EST
            Instant.parse("2026-11-01T07:00:00Z"),
            Instant.parse("2026-11-01T08:00:00Z"));
    assertThat(
            hourly.latestTick(
                Instant.parse("2026-11-01T05:00:00Z"), Instant.parse("2026-11-01T06:10:00Z")))
        .contains(Instant.parse("2026-11-01T06:00:00Z"));
  }

  @Test
  void badSchedulesAreRefusedWithTheFieldToFix() {
    assertThatThrownBy(() -> CronSchedule.parse("61 * * * *", "UTC"))
        .hasMessageContaining("spec.schedule.cron \"61 * * * *\" is not a valid cron expression")
        .hasMessageContaining("61");
    assertThatThrownBy(() -> CronSchedule.parse("* * * *", "UTC"))
        .hasMessageContaining("spec.schedule.cron");
    assertThatThrownBy(() -> CronSchedule.parse("0 0 31 2 *", "UTC"))
        .hasMessageContaining("never matches a date");
    assertThatThrownBy(() -> CronSchedule.parse("0 * * * *", "Mars/Olympus_Mons"))
        .hasMessageContaining("spec.schedule.timeZone \"Mars/Olympus_Mons\" is not a time zone");
    assertThat(CronSchedule.parse("0 9 * * MON-FRI", "Europe/Berlin")).isNotNull();
    assertThat(CronSchedule.parse("0 0 29 2 *", null)).isNotNull();
  }

  private static String next(String cron, Instant now) {
    return CronSchedule.parse(cron, "UTC").nextTick(now).orElseThrow().toString();
  }

  private static List<Instant> ticks(CronSchedule schedule, Instant from, int count) {
    List<Instant> ticks = new ArrayList<>();
    Optional<Instant> tick = schedule.nextTick(from);
    while (tick.isPresent() && ticks.size() < count) {
      ticks.add(tick.get());
      tick = schedule.nextTick(tick.get());
    }
    return ticks;
  }
}
