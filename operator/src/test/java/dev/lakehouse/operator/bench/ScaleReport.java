package dev.lakehouse.operator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's markdown report: printed, and written where the build keeps its outputs. */
final class ScaleReport {
  private final StringBuilder out = new StringBuilder();

  ScaleReport(ScaleSize size) {
    line("# Operator at scale (fabric8 mock API server)");
    line("");
    line("Size " + size + ".");
    line(
        format(
            "Machine: %d cores, Java %s. The operator runs in a JVM of its own; the mock API server"
                + " and the test share another, on the same cores.",
            Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
  }

  void timeToReconcile(
      Duration synced, Map<String, Duration> running, Duration played, Map<String, Duration> done) {
    section("Time to reconcile");
    line("| milestone | seconds |");
    line("|---|---|");
    line("| operator started, informers synced (from its JVM launch) | " + seconds(synced) + " |");
    running.forEach(
        (what, at) ->
            line("| " + runningMilestone(what) + " (from the launch) | " + seconds(at) + " |"));
    line(
        "| the test plays kubelet: every Job's pod started, a checkpoint, Job succeeded | "
            + seconds(played)
            + " |");
    done.forEach(
        (what, at) ->
            line("| " + doneMilestone(what) + " (from the first pod) | " + seconds(at) + " |"));
    line(
        "| every status up to date, after the last Job succeeded | "
            + seconds(done.get(Milestones.ALL).minus(played))
            + " |");
  }

  /** What reconciling everything cost in requests, and which objects were written. */
  void phaseRequests(Map<String, RequestTally> phases) {
    section("API requests while reconciling (the operator's requests only)");
    line(
        "| phase | GET | LIST | WATCH | POST | PUT | PATCH | DELETE | GETs by resource | writes by"
            + " resource |");
    line("|---|---|---|---|---|---|---|---|---|---|");
    phases.forEach(
        (phase, r) -> {
          StringBuilder row = new StringBuilder("| " + phase);
          for (RequestTally.Verb verb : RequestTally.Verb.values()) {
            if (verb != RequestTally.Verb.OTHER) {
              row.append(" | ").append(r.count(verb));
            }
          }
          row.append(" | ").append(r.getsByResource());
          line(row.append(" | ").append(r.writesByResource()).append(" |").toString());
        });
  }

  void steadyStates(List<SteadyState> windows) {
    section("API requests once nothing changes (the operator's requests only)");
    line(
        "| state | settled after | window | GET | LIST | WATCH | POST | PUT | PATCH | DELETE | reads/min | writes/min | reconciles in the window |");
    line("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (SteadyState w : windows) {
      RequestTally r = w.requests();
      StringBuilder row = new StringBuilder("| " + w.state() + " | ");
      row.append(
          w.quiet() ? seconds(w.settled()) + " s" : "never (" + seconds(w.settled()) + " s)");
      row.append(" | ").append(seconds(r.window())).append(" s");
      for (RequestTally.Verb verb : RequestTally.Verb.values()) {
        if (verb != RequestTally.Verb.OTHER) {
          row.append(" | ").append(r.count(verb));
        }
      }
      row.append(" | ").append(format("%.1f", r.reads() * 60_000.0 / r.window().toMillis()));
      row.append(" | ").append(format("%.1f", r.writes() * 60_000.0 / r.window().toMillis()));
      row.append(" | ").append(reconcileCounts(w.reconciles())).append(" |");
      line(row.toString());
    }
    line("");
    for (SteadyState w : windows) {
      Map<String, Integer> writes = w.requests().writesByResource();
      String examples =
          writes.isEmpty() ? "none." : writes + ", e.g. " + w.requests().writeExamples() + ".";
      line("Writes while " + w.state() + ": " + examples);
    }
  }

  void latencies(Map<String, ReconcileDurations> phases) {
    section("Reconcile latency (the operator's histogram)");
    line(
        "| phase | kind | reconciles | errors | p50 ms | p90 ms | p99 ms | max ms (at most) | mean ms |");
    line("|---|---|---|---|---|---|---|---|---|");
    phases.forEach(
        (phase, durations) ->
            durations
                .byKind()
                .forEach(
                    (kind, s) -> {
                      if (s.count() > 0) {
                        line(
                            format(
                                "| %s | %s | %d | %d | %s | %s | %s | %s | %s |",
                                phase,
                                kind,
                                s.count(),
                                s.errors(),
                                millis(s.quantile(0.5)),
                                millis(s.quantile(0.9)),
                                millis(s.quantile(0.99)),
                                millis(s.maxBound()),
                                millis(s.mean())));
                      }
                    }));
  }

  void heap(String maxHeap, HeapAfterGc heap) {
    section("Heap after a full GC");
    line("| operator process (-Xmx" + maxHeap + ") | used heap MiB | full GCs |");
    line("|---|---|---|");
    line(
        heap == null
            ? "| after the run and both windows | did not answer | - |"
            : format(
                "| after the run and both windows (target: at most 128 MiB) | **%.1f** | %d |",
                heap.mebibytes(), heap.fullCollections()));
  }

  /** The row of the restarted process, and what its restart asked of the API server. */
  void restart(RestartedOperator restarted) {
    if (restarted.failure() != null) {
      line("| restarted over all objects: " + restarted.failure() + " | - | - |");
      return;
    }
    HeapAfterGc heap = restarted.heap();
    line(
        format(
            "| restarted over all objects, once it reconciled each again | **%.1f** | %d |",
            heap.mebibytes(), heap.fullCollections()));
    RequestTally r = restarted.requests();
    line("");
    line(
        format(
            "The restarted operator reconciled every Lakehouse, Dataset and run again %.1f s after"
                + " its JVM was launched. Its requests until it settled (%.1f s): %d LIST, %d WATCH,"
                + " %d GET, %d writes%s.",
            restarted.reconciled().toMillis() / 1000.0,
            r.window().toMillis() / 1000.0,
            r.count(RequestTally.Verb.LIST),
            r.count(RequestTally.Verb.WATCH),
            r.count(RequestTally.Verb.GET),
            r.writes(),
            r.writes() == 0 ? "" : " " + r.writesByResource() + ", e.g. " + r.writeExamples()));
  }

  void objects(Map<String, Integer> counts) {
    section("Objects in the API server at the end");
    line(
        String.join(
                ", ", counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList())
            + ".");
  }

  void method(String text) {
    section("How it is measured");
    line(text);
  }

  String render() {
    return out.toString();
  }

  Path write(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, render());
  }

  private static String runningMilestone(String what) {
    return switch (what) {
      case "Datasets" ->
          "every Dataset Ready for its generation, its status showing its run Running";
      case "runs" -> "every IngestionRun Running with its one Job";
      default -> "**all of the above**";
    };
  }

  private static String doneMilestone(String what) {
    return switch (what) {
      case "Datasets" -> "every Dataset showing its run Succeeded and the table's Delta version";
      case "runs" -> "every IngestionRun Succeeded";
      default -> "**all of the above**";
    };
  }

  private static String reconcileCounts(ReconcileDurations durations) {
    return String.join(
            ", ",
            durations.byKind().entrySet().stream()
                .filter(e -> e.getValue().count() > 0)
                .map(e -> e.getKey() + " " + e.getValue().count())
                .toList())
        .transform(s -> s.isEmpty() ? "none" : s);
  }

  private void section(String title) {
    line("");
    line("## " + title);
    line("");
  }

  private void line(String text) {
    out.append(text).append('\n');
  }

  private static String seconds(Duration d) {
    return format("%.1f", d.toMillis() / 1000.0);
  }

  private static String millis(double seconds) {
    return Double.isNaN(seconds)
        ? "-"
        : Double.isInfinite(seconds) ? "> 60000" : format("%.1f", seconds * 1000);
  }

  private static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
