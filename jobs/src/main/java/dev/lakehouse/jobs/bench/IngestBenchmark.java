package dev.lakehouse.jobs.bench;

import dev.lakehouse.jobs.cli.LakehouseCli;
import dev.lakehouse.jobs.generate.RaygunGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code lakehouse bench ingest}: generated Raygun-shaped files ingested by the engine and by the
 * jobs it replaces, each in a JVM of its own with the same options, in one sitting, then a report
 * of throughput, the rerun of a finished run, the cost of resuming after a kill at half way, and
 * the JSON-parse ceiling of the machine. Every written table is counted afterwards (untimed): a
 * contender that lost or duplicated rows is marked in the report, not hidden.
 */
public final class IngestBenchmark {
  static final long SEED = 20_261_122L;
  static final String RUN = "bench-1";
  static final Pattern PLANNED =
      Pattern.compile("^\\[" + RUN + "] raygun-bench: (\\d+) files .* in (\\d+) batches of (\\d+)");
  static final Pattern RESUMING = Pattern.compile("resuming at batch (\\d+)");
  static final Pattern BATCH =
      Pattern.compile("^\\[" + RUN + "] batch (\\d+)/(\\d+) committed: .*\\(([0-9.]+) s\\)$");
  static final Pattern SUCCEEDED =
      Pattern.compile("^\\[" + RUN + "] Succeeded: .*\\(([0-9.]+) s\\)$");
  static final Pattern COUNT = Pattern.compile("^count rows=(\\d+) ids=(\\d+)$");
  static final Pattern PARSE =
      Pattern.compile(
          "^parse pass=(\\d) files=\\d+ bytes=(\\d+) documents=(\\d+) .* millis=(\\d+)$");

  static final List<String> CONTENDERS =
      List.of("parse", "engine", "rerun", "plain-best", "resume", "plain-default", "loop");

  /** What to run. */
  record Options(int files, int batchSize, Path work, Set<String> only) {
    boolean runs(String contender) {
      return only.isEmpty() || only.contains(contender);
    }
  }

  private final Options options;
  private final PrintStream out;
  private final BenchLayout layout;
  private final ChildJvm jvm;
  private final Map<String, ChildJvm.Run> runs = new LinkedHashMap<>();
  private final Map<String, long[]> counts = new LinkedHashMap<>();

  IngestBenchmark(Options options, PrintStream out) throws IOException {
    this.options = options;
    this.out = out;
    this.layout = new BenchLayout(options.work());
    this.jvm = ChildJvm.likeThisOne(layout.logs());
  }

  /** {@code bench ingest [--files N] [--batch-size N] [--work DIR] [--only a,b]}; the report. */
  public static String run(List<String> args, PrintStream out) throws IOException {
    int files = 20_000;
    int batchSize = 5_000;
    Path work = Path.of(".lakehouse-bench");
    Set<String> only = Set.of();
    if (args.isEmpty() || !args.get(0).equals("ingest")) {
      throw new IllegalArgumentException("bench: the benchmark to run is \"ingest\"");
    }
    for (int i = 1; i < args.size(); i++) {
      String arg = args.get(i);
      String value = i + 1 < args.size() ? args.get(i + 1) : null;
      if (value == null) {
        throw new IllegalArgumentException("bench ingest: " + arg + " needs a value");
      }
      i++;
      switch (arg) {
        case "--files" -> files = positive(arg, value);
        case "--batch-size" -> batchSize = positive(arg, value);
        case "--work" -> work = Path.of(value);
        case "--only" -> {
          only = Set.of(value.split(","));
          for (String c : only) {
            if (!CONTENDERS.contains(c)) {
              throw new IllegalArgumentException(
                  "bench ingest: unknown contender \"" + c + "\"; known: " + CONTENDERS);
            }
          }
        }
        default -> throw new IllegalArgumentException("bench ingest: unknown option " + arg);
      }
    }
    return new IngestBenchmark(new Options(files, batchSize, work, only), out).run();
  }

  private static int positive(String option, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through to the message
    }
    throw new IllegalArgumentException("bench ingest: " + option + " takes a positive number");
  }

  String run() throws IOException {
    prepareData();
    if (options.runs("parse")) {
      timed("parse", BenchTasks.class, List.of("parse", layout.data().toString()));
    }
    timed("jvm", BenchTasks.class, List.of("jvm"));
    if (options.runs("plain-best")) {
      require(
          jvm.run(
              "schema",
              BenchTasks.class,
              List.of("schema", layout.data().toString(), layout.schemaFile().toString())));
    }
    if (options.runs("engine") || options.runs("rerun") || options.runs("resume")) {
      layout.writeManifests(options.batchSize());
      engine("engine", "engine");
      if (options.runs("rerun")) {
        engine("rerun", "engine");
      }
      count("engine", "delta", layout.engineTable("engine"));
    }
    if (options.runs("plain-best")) {
      timed(
          "plain-best",
          BenchTasks.class,
          List.of(
              "plain-best",
              layout.data().toString(),
              layout.schemaFile().toString(),
              layout.table("plain-best").toString()));
      count("plain-best", "delta", layout.table("plain-best").toString());
    }
    if (options.runs("resume") && runs.containsKey("engine")) {
      resume();
    }
    if (options.runs("plain-default")) {
      timed(
          "plain-default",
          BenchTasks.class,
          List.of(
              "plain-default", layout.data().toString(), layout.table("plain-default").toString()));
      count("plain-default", "delta", layout.table("plain-default").toString());
    }
    if (options.runs("loop")) {
      timed(
          "loop",
          BenchTasks.class,
          List.of(
              "loop",
              layout.data().toString(),
              Integer.toString(options.batchSize()),
              layout.table("loop").toString()));
      count("loop", "parquet", layout.table("loop").toString());
    }
    String report =
        new IngestReport(options, Machine.describe(jvm.heap()), layout.dataBytes(), runs, counts)
            .markdown();
    Files.writeString(layout.report(), report, StandardCharsets.UTF_8);
    return report
        + "\n(written to "
        + layout.report()
        + "; process output in "
        + layout.logs()
        + ")";
  }

  private void prepareData() throws IOException {
    Path data = layout.data();
    long present;
    try (Stream<Path> s = Files.exists(data) ? Files.list(data) : Stream.empty()) {
      present = s.count();
    }
    if (present != options.files()) {
      layout.deleteData();
      out.printf("generating %d Raygun-shaped files in %s%n", options.files(), data);
      RaygunGenerator.write(data, options.files(), SEED);
    }
    // Every contender reads from a warm page cache, not only the ones that run later.
    layout.readAllOnce();
  }

  private void engine(String name, String home) throws IOException {
    timed(
        name,
        LakehouseCli.class,
        List.of(
            "run",
            "-f",
            layout.manifests().toString(),
            "--home",
            layout.engineHome(home).toString()));
  }

  /**
   * Kills the engine (SIGKILL) when half of the uninterrupted run's time has passed, restarts it,
   * and keeps both runs for the report.
   */
  private void resume() throws IOException {
    long half = runs.get("engine").millis() / 2;
    List<String> args =
        List.of(
            "run",
            "-f",
            layout.manifests().toString(),
            "--home",
            layout.engineHome("resume").toString());
    out.printf("running resume-killed (SIGKILL after %.1f s)...%n", half / 1e3);
    ChildJvm.Run killed = jvm.run("resume-killed", LakehouseCli.class, args, ms -> ms >= half);
    runs.put("resume-killed", killed);
    timed("resume-restart", LakehouseCli.class, args);
    count("resume", "delta", layout.engineTable("resume"));
  }

  private void timed(String name, Class<?> main, List<String> args) throws IOException {
    out.printf("running %s...%n", name);
    ChildJvm.Run run = jvm.run(name, main, args);
    runs.put(name, run);
    out.printf(
        "  %s: %.1f s%s%n",
        name,
        run.millis() / 1e3,
        run.exitCode() == 0
            ? ""
            : ", FAILED (exit " + run.exitCode() + "): " + run.lastErrorLine());
  }

  private void count(String name, String format, String location) throws IOException {
    ChildJvm.Run run =
        jvm.run("count-" + name, BenchTasks.class, List.of("count", format, location));
    for (String line : run.lines()) {
      Matcher m = COUNT.matcher(line);
      if (m.matches()) {
        counts.put(name, new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
      }
    }
  }

  private static void require(ChildJvm.Run run) {
    if (run.exitCode() == null || run.exitCode() != 0) {
      throw new IllegalStateException(run.name() + " failed: " + run.lastErrorLine());
    }
  }

  static List<Double> batchSeconds(List<String> lines) {
    List<Double> seconds = new ArrayList<>();
    for (String line : lines) {
      Matcher m = BATCH.matcher(line);
      if (m.matches()) {
        seconds.add(Double.parseDouble(m.group(3)));
      }
    }
    return seconds;
  }

  static String joined(List<Double> seconds) {
    return seconds.stream().map(s -> String.format("%.1f", s)).collect(Collectors.joining(", "));
  }
}
