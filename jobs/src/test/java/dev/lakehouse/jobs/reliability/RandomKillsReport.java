package dev.lakehouse.jobs.reliability;

import dev.lakehouse.jobs.engine.DeltaCommits;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The random-kill scenario in Markdown: the seed, every kill and where it landed, the checks. */
final class RandomKillsReport {
  private record Kill(Attempt attempt, RandomKillPoint point) {}

  private final String size;
  private final long seed;
  private final CrashScenario scenario;
  private final int plannedKills;
  private final List<Kill> kills = new ArrayList<>();
  private String calibration = "not measured";
  private RunPace pace;
  private String finalChecks;

  RandomKillsReport(String size, long seed, CrashScenario scenario, int plannedKills) {
    this.size = size;
    this.seed = seed;
    this.scenario = scenario;
    this.plannedKills = plannedKills;
  }

  int kills() {
    return kills.size();
  }

  void calibrated(RunPace pace, int files) {
    this.pace = pace;
    calibration =
        String.format(
            "an uninterrupted run of %d files printed its plan line after %.1f s, then %.1f s per"
                + " batch",
            files, pace.startMillis() / 1e3, pace.batchMillis() / 1e3);
  }

  void killed(Attempt attempt, RandomKillPoint point) {
    kills.add(new Kill(attempt, point));
  }

  /** The final checks' numbers, read once the run finished; asserted by the test afterwards. */
  void finished(List<Attempt> attempts, long millis) {
    ExactlyOnceChecks.SourceRows rows = ExactlyOnceChecks.sourceRows(scenario);
    ExactlyOnceChecks.CheckpointCounters checkpoint =
        ExactlyOnceChecks.CheckpointCounters.of(scenario);
    long version = DeltaCommits.version(scenario.spark, scenario.location());
    long files = scenario.files;
    finalChecks =
        String.format(
                "%d starts of the command: %d killed, %d to completion, then one more that found"
                    + " the run finished; %.1f min in all.%n%n",
                attempts.size(),
                attempts.stream().filter(Attempt::killed).count(),
                attempts.size() - 1 - attempts.stream().filter(Attempt::killed).count(),
                millis / 60e3)
            + new MarkdownTable("check", "expected", "observed")
                .row("rows in the table", files, rows.rows())
                .row("distinct source ids in the table", files, rows.distinctIds())
                .row("source ids missing (lost rows)", 0, rows.missing().size())
                .row("duplicated rows", 0, rows.duplicated())
                .row("ids no source file has", 0, rows.unexpected().size())
                .row(
                    "checkpoint: batches committed",
                    scenario.batches,
                    checkpoint.batchesCommitted())
                .row("checkpoint: files ingested", files, checkpoint.filesIngested())
                .row(
                    "checkpoint: rows written (= table rows)",
                    rows.rows(),
                    checkpoint.rowsWritten())
                .row("checkpoint: rows rejected", 0, checkpoint.rowsRejected())
                .row("checkpoint: Delta version (= table version)", version, checkpoint.version())
                .row("Delta commits (one per batch)", scenario.batches, version + 1)
                .row(
                    "batches a restart re-read",
                    "none",
                    ExactlyOnceChecks.rereads(attempts).isEmpty()
                        ? "none"
                        : ExactlyOnceChecks.rereads(attempts))
                .render();
  }

  String render() {
    StringBuilder out = new StringBuilder();
    out.append("## Random kills (").append(size).append(")\n\n");
    out.append(
        String.format(
            "- seed %d (again with `-Dlakehouse.kills.seed=%d`)%n"
                + "- %d Raygun files in %d batches of %d; %d kills planned, %d landed%n"
                + "- pace: %s; over all starts: the shortest start to the plan line %s, %s per"
                + " batch%n"
                + "- each kill: a moment drawn uniformly from a window after the start (the"
                + " start's expected plan-line time plus a share of the remaining batches), then"
                + " SIGKILL and a restart%n%n",
            seed,
            seed,
            scenario.files,
            scenario.batches,
            scenario.batchSize,
            plannedKills,
            kills.size(),
            calibration,
            pace == null ? "-" : String.format("%.1f s", pace.startMillis() / 1e3),
            pace == null ? "-" : String.format("%.1f s", pace.batchMillis() / 1e3)));
    MarkdownTable table =
        new MarkdownTable(
            "kill",
            "window",
            "killed after",
            "landed",
            "Delta batches before",
            "Delta batches after",
            "checkpoint after",
            "batches this start committed");
    Map<RandomKillPoint.Landing, Integer> landings = new EnumMap<>(RandomKillPoint.Landing.class);
    for (int i = 0; i < kills.size(); i++) {
      Attempt a = kills.get(i).attempt();
      RandomKillPoint point = kills.get(i).point();
      landings.merge(point.landing(a), 1, Integer::sum);
      table.row(
          i + 1,
          String.format("%.1f s", point.windowMillis / 1e3),
          String.format("%.1f s", point.delayMillis / 1e3),
          point.describe(a),
          a.committedBefore(),
          a.committedAfter(),
          a.checkpointAfter() == null ? "none" : a.checkpointAfter(),
          a.committedBatches().isEmpty() ? "none" : a.committedBatches());
    }
    out.append(table.render()).append('\n');
    out.append("Where the kills landed: ")
        .append(
            landings.entrySet().stream()
                .map(e -> e.getKey().label + ": " + e.getValue())
                .collect(Collectors.joining(", ")))
        .append(".\n\n");
    out.append(finalChecks == null ? "The run did not reach its final checks.\n" : finalChecks);
    return out.toString();
  }
}
