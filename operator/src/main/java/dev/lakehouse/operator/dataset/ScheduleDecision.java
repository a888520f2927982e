package dev.lakehouse.operator.dataset;

import dev.lakehouse.api.run.IngestionRun;
import dev.lakehouse.operator.schedule.CronSchedule;
import java.time.Instant;
import java.util.Optional;

/**
 * What a Dataset's schedule asks for at one moment: at most one run, for the latest tick due, so
 * ticks missed while the operator was down add up to one run, not a burst.
 *
 * @param tick the tick due, or null
 * @param run the run to create for the tick, or the active run that makes it skip
 * @param next the first tick after now, or null
 */
public record ScheduleDecision(Action action, Instant tick, String run, Instant next) {
  /** The step the tick takes. */
  public enum Action {
    /** No tick is due. */
    NONE,
    /** Create the tick's run. */
    CREATE,
    /** The tick's run exists: an earlier reconcile created it but its status write was lost. */
    CREATED,
    /** Skip the tick: another run of the Dataset has not finished. */
    SKIP
  }

  /**
   * @param after the last tick acted on, or the Dataset's creation before the first
   */
  public static ScheduleDecision decide(
      CronSchedule cron, Instant after, Instant now, DatasetNames names, DatasetRuns runs) {
    Instant next = cron.nextTick(now).orElse(null);
    Optional<Instant> due = cron.latestTick(after, now);
    if (due.isEmpty()) {
      return new ScheduleDecision(Action.NONE, null, null, next);
    }
    String name = names.scheduledRun(due.get());
    if (runs.named(name).isPresent()) {
      return new ScheduleDecision(Action.CREATED, due.get(), name, next);
    }
    Optional<IngestionRun> active = runs.active();
    if (active.isPresent()) {
      return new ScheduleDecision(
          Action.SKIP, due.get(), active.get().getMetadata().getName(), next);
    }
    return new ScheduleDecision(Action.CREATE, due.get(), name, next);
  }
}
