package dev.lakehouse.operator.dataset;

import static dev.lakehouse.operator.dataset.Datasets.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.dataset.Dataset;
import dev.lakehouse.api.run.RunPhase;
import dev.lakehouse.operator.dataset.ScheduleDecision.Action;
import dev.lakehouse.operator.schedule.CronSchedule;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleDecisionTest {
  final Dataset dataset = Datasets.bronze("events", "data");
  final DatasetNames names = new DatasetNames("events");
  final CronSchedule hourly = CronSchedule.parse("0 * * * *", "UTC");
  final Instant last = Instant.parse("2026-11-21T10:00:00Z");

  @Test
  void nothingIsDueBeforeTheNextTick() {
    var decision =
        ScheduleDecision.decide(
            hourly, last, Instant.parse("2026-11-21T10:59:59Z"), names, new DatasetRuns(List.of()));

    assertThat(decision.action()).isEqualTo(Action.NONE);
    assertThat(decision.tick()).isNull();
    assertThat(decision.next()).isEqualTo(Instant.parse("2026-11-21T11:00:00Z"));
  }

  @Test
  void missedTicksMakeOneRunForTheLatest() {
    var decision =
        ScheduleDecision.decide(
            hourly, last, Instant.parse("2026-11-21T15:20:00Z"), names, new DatasetRuns(List.of()));

    assertThat(decision.action()).isEqualTo(Action.CREATE);
    assertThat(decision.tick()).isEqualTo(Instant.parse("2026-11-21T15:00:00Z"));
    assertThat(decision.run()).isEqualTo("events-202611211500");
    assertThat(decision.next()).isEqualTo(Instant.parse("2026-11-21T16:00:00Z"));
  }

  @Test
  void anActiveRunSkipsTheTick() {
    var runs =
        new DatasetRuns(
            List.of(
                run(dataset, "events-manual", "2026-11-21T10:30:00Z", RunPhase.Running, false)));

    var decision =
        ScheduleDecision.decide(hourly, last, Instant.parse("2026-11-21T11:00:05Z"), names, runs);

    assertThat(decision.action()).isEqualTo(Action.SKIP);
    assertThat(decision.run()).isEqualTo("events-manual");
    assertThat(decision.tick()).isEqualTo(Instant.parse("2026-11-21T11:00:00Z"));
  }

  @Test
  void theTicksOwnRunIsNotCreatedTwice() {
    var runs =
        new DatasetRuns(
            List.of(run(dataset, "events-202611211100", "2026-11-21T11:00:01Z", null, true)));

    var decision =
        ScheduleDecision.decide(hourly, last, Instant.parse("2026-11-21T11:00:05Z"), names, runs);

    assertThat(decision.action()).isEqualTo(Action.CREATED);
    assertThat(decision.run()).isEqualTo("events-202611211100");
  }
}
