package dev.lakehouse.jobs.bench;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/** The markdown report of one sitting of {@link IngestBenchmark}. */
final class IngestReport {
  private final IngestBenchmark.Options options;
  private final String machine;
  private final long bytes;
  private final Map<String, ChildJvm.Run> runs;
  private final Map<String, long[]> counts;
  private final StringBuilder md = new StringBuilder();

  IngestReport(
      IngestBenchmark.Options options,
      String machine,
      long bytes,
      Map<String, ChildJvm.Run> runs,
      Map<String, long[]> counts) {
    this.options = options;
    this.machine = machine;
    this.bytes = bytes;
    this.runs = runs;
    this.counts = counts;
  }

  String markdown() {
    int files = options.files();
    line(
        "### Ingestion: %,d Raygun-shaped files (%.1f MB), batches of %,d",
        files, bytes / 1e6, options.batchSize());
    line("");
    line("Machine: %s.", machine);
    line("");
    line(
        "| job (whole process: JVM start to exit) | wall s | files/s | rows/s | MB/s | rows in table"
            + " | distinct ids | the engine is faster by |");
    line("|---|---|---|---|---|---|---|---|");
    contender("engine", "the engine: a Delta commit and a checkpoint per batch");
    contender("plain-best", "plain Spark, best form: explicit schema, files packed into tasks");
    contender("plain-default", "plain Spark, default form: schema inferred, default settings");
    contender("loop", "the replaced loop: batches, schema inferred each, append Parquet");
    parse();
    line("");
    ratios();
    rerun();
    engineTimeline();
    resume();
    return md.toString();
  }

  private void contender(String name, String label) {
    ChildJvm.Run run = runs.get(name);
    if (run == null) {
      return;
    }
    double seconds = run.millis() / 1e3;
    long[] count = counts.get(name);
    String rows = count == null ? "-" : String.format("%,d", count[0]);
    String ids = count == null ? "-" : String.format("%,d", count[1]);
    String verdict = "";
    if (run.exitCode() == null || run.exitCode() != 0) {
      verdict = " **failed**: " + run.lastErrorLine();
    } else if (count == null || count[0] != options.files() || count[1] != options.files()) {
      verdict = " **rows lost or duplicated**";
    }
    line(
        "| %s%s | %.1f | %,.0f | %s | %.1f | %s | %s | %s |",
        label,
        verdict,
        seconds,
        options.files() / seconds,
        count == null ? "-" : String.format("%,.0f", count[0] / seconds),
        bytes / 1e6 / seconds,
        rows,
        ids,
        name.equals("engine") ? "" : factor(name));
  }

  private void parse() {
    ChildJvm.Run run = runs.get("parse");
    if (run == null) {
      return;
    }
    for (String l : run.lines()) {
      Matcher m = IngestBenchmark.PARSE.matcher(l);
      if (!m.find()) {
        continue;
      }
      if (m.group(1).equals("1")) {
        double seconds = Long.parseLong(m.group(4)) / 1e3;
        line(
            "| the ceiling: one thread parses every file with Jackson's streaming parser (first"
                + " pass, in-process; whole process %.1f s) | %.1f | %,.0f | %,.0f | %.0f | - | - | |",
            run.millis() / 1e3,
            seconds,
            options.files() / seconds,
            Long.parseLong(m.group(3)) / seconds,
            Long.parseLong(m.group(2)) / 1e6 / seconds);
      } else {
        parseWarmMbps = Long.parseLong(m.group(2)) / 1e6 / (Long.parseLong(m.group(4)) / 1e3);
      }
    }
  }

  private double parseWarmMbps;

  private void ratios() {
    ChildJvm.Run engine = runs.get("engine");
    if (engine == null) {
      return;
    }
    if (runs.containsKey("plain-best")) {
      double r = ratio("plain-best");
      line(
          "- engine / plain Spark best form: **%.2fx** (target at least 2x: %s)",
          r, r >= 2 ? "met" : "not met");
    }
    if (runs.containsKey("plain-default")) {
      line("- engine / plain Spark default form: **%.2fx**", ratio("plain-default"));
    }
    if (runs.containsKey("loop")) {
      line("- engine / the replaced loop: **%.2fx**", ratio("loop"));
    }
    if (parseWarmMbps > 0) {
      int cores = Runtime.getRuntime().availableProcessors();
      double engineMbps = bytes / 1e6 / (engine.millis() / 1e3);
      line(
          "- parse ceiling, JIT-warm second pass: %.0f MB/s per core, %.0f MB/s on %d cores; the"
              + " engine reaches 1/%.0f of it",
          parseWarmMbps, parseWarmMbps * cores, cores, parseWarmMbps * cores / engineMbps);
    }
  }

  private void rerun() {
    ChildJvm.Run rerun = runs.get("rerun");
    ChildJvm.Run jvm = runs.get("jvm");
    if (rerun == null || jvm == null) {
      return;
    }
    double extra = (rerun.millis() - jvm.millis()) / 1e3;
    line(
        "- rerun of the finished run: **%.1f s**; a JVM start with the same classpath: %.1f s; the"
            + " rerun costs %.1f s more (target at most a couple of seconds: %s)",
        rerun.millis() / 1e3, jvm.millis() / 1e3, extra, extra <= 2 ? "met" : "not met");
  }

  /** Where the engine's time went, from its own progress lines. */
  private void engineTimeline() {
    ChildJvm.Run engine = runs.get("engine");
    if (engine == null) {
      return;
    }
    List<Double> batches = IngestBenchmark.batchSeconds(engine.lines());
    double inBatches = batches.stream().mapToDouble(Double::doubleValue).sum();
    line(
        "- the engine's %.1f s: %.1f s in its batches (%s s), %.1f s before and after them (JVM and"
            + " Spark start, listing, schema inference from 200 files, the plan, the table's facts)",
        engine.millis() / 1e3,
        inBatches,
        IngestBenchmark.joined(batches),
        engine.millis() / 1e3 - inBatches);
  }

  private void resume() {
    ChildJvm.Run killed = runs.get("resume-killed");
    ChildJvm.Run restart = runs.get("resume-restart");
    ChildJvm.Run engine = runs.get("engine");
    if (killed == null || restart == null || engine == null) {
      return;
    }
    ResumeFacts facts = ResumeFacts.of(killed.lines(), restart.lines(), options);
    double total = (killed.millis() + restart.millis()) / 1e3;
    long[] count = counts.get("resume");
    boolean exact = count != null && count[0] == options.files() && count[1] == options.files();
    line(
        "- resume: SIGKILL after %.1f s (half of the uninterrupted run), %d of %d batches committed"
            + " by then; the restart took %.1f s; total **%.1f s** against %.1f s uninterrupted"
            + " (+%.0f%%); files read twice: **%,d** (%s; target at most one batch: %s); rows in"
            + " the table %s",
        killed.millis() / 1e3,
        facts.committedAtKill(),
        facts.batches(),
        restart.millis() / 1e3,
        total,
        engine.millis() / 1e3,
        100 * (total / (engine.millis() / 1e3) - 1),
        facts.filesReadTwice(),
        facts.explanation(),
        facts.filesReadTwice() <= options.batchSize() ? "met" : "not met",
        count == null
            ? "not counted"
            : String.format(
                "%,d, distinct ids %,d: %s", count[0], count[1], exact ? "exact" : "WRONG"));
  }

  private double ratio(String contender) {
    return (double) runs.get(contender).millis() / runs.get("engine").millis();
  }

  private String factor(String contender) {
    return runs.containsKey("engine") ? String.format("%.2fx", ratio(contender)) : "";
  }

  private void line(String format, Object... args) {
    md.append(String.format(format, args)).append('\n');
  }
}
