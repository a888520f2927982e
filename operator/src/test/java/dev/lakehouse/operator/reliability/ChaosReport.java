package dev.lakehouse.operator.reliability;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** The markdown report of an operator chaos run. */
record ChaosReport(
    BenchSize size,
    List<ChaosDriver.Restart> restarts,
    int podSteps,
    int conflictsInjected,
    int statusPuts,
    int statusConflicts,
    int jobPosts,
    int jobDeletes,
    List<RunOutcome> runs,
    Duration took) {

  String markdown() {
    StringBuilder md = new StringBuilder();
    long crashes = restarts.stream().filter(r -> r.kind().startsWith("crash")).count();
    long failed = runs.stream().filter(r -> !r.problems().isEmpty()).count();
    md.append("## Operator chaos: ")
        .append(size.name())
        .append(", seed ")
        .append(size.seed())
        .append("\n\n");
    md.append(runs.size())
        .append(" IngestionRuns through ")
        .append(podSteps)
        .append(" job-pod steps; ")
        .append(restarts.size())
        .append(" operator restarts (")
        .append(restarts.size() - crashes)
        .append(" stops, ")
        .append(crashes)
        .append(" crashes right after a write); ")
        .append(conflictsInjected)
        .append(" 409 Conflicts injected on IngestionRun status writes. ")
        .append(failed == 0 ? "**Every run ended right.**" : "**" + failed + " runs ended wrong.**")
        .append("\n\n");
    md.append("| measure | value |\n|---|---|\n");
    row(md, "IngestionRun status PUTs by the operator", statusPuts);
    row(
        md,
        "answered 409 Conflict",
        statusConflicts
            + " ("
            + conflictsInjected
            + " injected, "
            + Math.max(0, statusConflicts - conflictsInjected)
            + " from a pod's checkpoint or a stale cache)");
    row(
        md,
        "Job creations (POST) / attempts expected",
        jobPosts + " / " + runs.stream().mapToInt(r -> r.pods().scenario.attempts).sum());
    row(md, "Job deletions", jobDeletes);
    row(
        md,
        "checkpoint regressions seen by a watch",
        runs.stream().mapToInt(r -> r.regressions().size()).sum());
    row(md, "wall time (informational)", took.toSeconds() + " s");
    md.append("\n### Restarts\n\n| # | kind | where | runs then |\n|---|---|---|---|\n");
    for (ChaosDriver.Restart r : restarts) {
      md.append("| ")
          .append(r.number())
          .append(" | ")
          .append(r.kind())
          .append(" | ")
          .append(r.point())
          .append(" | ")
          .append(r.runs())
          .append(" |\n");
    }
    md.append(
        "\n### Runs\n\n| run | pods | batches | expected | ended | Jobs per attempt"
            + " | checkpoint = pods' last | conflicts injected | problems |\n"
            + "|---|---|---|---|---|---|---|---|---|\n");
    for (RunOutcome r : runs) {
      md.append("| ")
          .append(r.pods().run)
          .append(" | ")
          .append(r.pods().scenario.name().toLowerCase().replace('_', ' '))
          .append(" | ")
          .append(r.pods().batchesTotal)
          .append(" | ")
          .append(r.pods().scenario.phase)
          .append(" / ")
          .append(r.pods().scenario.attempts)
          .append(" | ")
          .append(r.phase())
          .append(" / ")
          .append(r.attempts())
          .append(" | ")
          .append(
              r.jobPostsPerAttempt().entrySet().stream()
                  .map(e -> e.getKey() + ":" + e.getValue())
                  .collect(Collectors.joining(" ")))
          .append(" | ")
          .append(r.checkpointIsLastWritten() ? "yes" : "**no**")
          .append(" (")
          .append(r.checkpointCommitted())
          .append(") | ")
          .append(r.conflictsInjected())
          .append(" | ")
          .append(r.problems().isEmpty() ? "none" : String.join("; ", r.problems()))
          .append(" |\n");
    }
    return md.toString();
  }

  private static void row(StringBuilder md, String measure, Object value) {
    md.append("| ").append(measure).append(" | ").append(value).append(" |\n");
  }
}
