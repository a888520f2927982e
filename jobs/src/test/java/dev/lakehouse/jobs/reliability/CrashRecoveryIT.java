package dev.lakehouse.jobs.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.jobs.engine.BatchMetadata;
import dev.lakehouse.jobs.engine.DeltaCommits;
import dev.lakehouse.jobs.engine.SparkSessions;
import dev.lakehouse.jobs.engine.SparkSettings;
import dev.lakehouse.jobs.generate.RaygunGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the {@code lakehouse run} command with SIGKILL while it ingests Raygun files (while it
 * plans, right after it planned, between two batches, in the middle of a batch), restarts the same
 * command until it succeeds, and checks the promise of DESIGN.md section 5: every source row is in
 * the Delta table exactly once, and no restart re-reads a batch Delta had already committed.
 */
class CrashRecoveryIT {
  static final int FILES = 60;
  static final int BATCH_SIZE = 6;
  static final int BATCHES = FILES / BATCH_SIZE;
  static final long SEED = 20_240_301L;
  static final String DATASET = "crash-raygun";
  static final String TABLE = "crash_raygun";
  static final String RUN = "crash-run";
  static final String RUN_ID = "local-default-" + RUN;

  /** Ceiling of one child process's life: only a hang guard, never a performance assertion. */
  static final long HANG_GUARD_MILLIS = TimeUnit.MINUTES.toMillis(8);

  static final Pattern PLANNED =
      Pattern.compile(
          "^\\[" + RUN + "] " + DATASET + ": (\\d+) files .* in (\\d+) batches of (\\d+)(.*)$");
  static final Pattern RESUMING = Pattern.compile("resuming at batch (\\d+)");
  static final Pattern COMMITTED =
      Pattern.compile("^\\[" + RUN + "] batch (\\d+)/(\\d+) committed: .*\\(([0-9.]+) s\\)$");
  static final Pattern ALL_DONE =
      Pattern.compile("^\\[" + RUN + "] " + DATASET + ": all (\\d+) batches already committed$");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where and when a child process is killed. */
  enum Kill {
    /** Once Spark is up, after a random delay, before the plan is written (or the moment it is). */
    DURING_PLANNING,
    /** When the plan line is printed: planned and checkpointed, first batch not yet committed. */
    AFTER_PLAN,
    /** The moment the checkpoint file shows two more committed batches than at start. */
    BETWEEN_BATCHES,
    /** A random part of a batch's duration after "batch k committed" is printed. */
    MID_BATCH,
    /**
     * The moment Delta's log holds the next commit: usually before the checkpoint file says so, the
     * window in which only Delta knows the batch is in.
     */
    AFTER_DELTA_COMMIT,
    /** Not killed: runs until it exits. */
    NONE
  }

  /** One start of the command and what was seen around it. */
  record Attempt(
      int number,
      Kill kill,
      long committedBefore,
      long committedAfter,
      Integer checkpointAfter,
      Integer exitCode,
      String killedAt,
      Path stdout,
      Path stderr) {
    List<String> lines() {
      return CrashRecoveryIT.lines(stdout);
    }

    List<Integer> committedBatches() {
      List<Integer> batches = new ArrayList<>();
      for (String line : lines()) {
        Matcher m = COMMITTED.matcher(line);
        if (m.matches()) {
          batches.add(Integer.parseInt(m.group(1)));
        }
      }
      return batches;
    }

    Optional<String> plannedLine() {
      return lines().stream()
          .filter(l -> PLANNED.matcher(l).matches() || ALL_DONE.matcher(l).matches())
          .findFirst();
    }

    String summary() {
      return String.format(
          "attempt %d %-15s Delta batches before %2d, after %2d, checkpoint after %s, %s, printed"
              + " batches %s",
          number,
          kill,
          committedBefore,
          committedAfter,
          checkpointAfter,
          exitCode == null ? "killed " + killedAt : "exit " + exitCode,
          committedBatches());
    }
  }

  @TempDir Path temp;

  Path home;
  Path manifests;
  Path logs;
  SparkSession spark;
  final Random random = new Random(SEED);
  final List<Attempt> attempts = new ArrayList<>();

  @Test
  void sigkilledRunsResumeWithEveryRowExactlyOnce() throws Exception {
    home = temp.resolve("home");
    logs = temp.resolve("logs");
    manifests = temp.resolve("manifests");
    Files.createDirectories(logs);
    Files.createDirectories(home.resolve("tmp"));
    writeManifests();
    RaygunGenerator.write(
        home.resolve("buckets/lakehouse/landing/raygun"), FILES, SEED); // raygun-000001.json ...
    spark =
        SparkSessions.start(
            new SparkSettings("local[2]")
                .loopback()
                .inMemoryCatalog(temp.resolve("test-warehouse").toUri().toString()));

    try {
      List<Kill> script =
          List.of(
              Kill.DURING_PLANNING,
              Kill.AFTER_PLAN,
              Kill.BETWEEN_BATCHES,
              Kill.MID_BATCH,
              Kill.AFTER_DELTA_COMMIT,
              Kill.BETWEEN_BATCHES,
              Kill.MID_BATCH);
      for (Kill kill : script) {
        Attempt attempt = attempt(kill);
        if (attempt.exitCode() != null) {
          assertThat(attempt.exitCode()).as("exit code of %s", attempt.summary()).isZero();
          break;
        }
      }
      for (int i = 0; i < 3 && !finished(); i++) {
        Attempt last = attempt(Kill.NONE);
        assertThat(last.exitCode()).as("exit code of %s", last.summary()).isZero();
      }
      assertThat(finished()).as("the run finished").isTrue();
      long version = DeltaCommits.version(spark, location());
      Attempt again = attempt(Kill.NONE);

      attempts.forEach(a -> System.out.println("[CrashRecoveryIT] " + a.summary()));
      assertThat(again.exitCode()).isZero();
      assertThat(again.plannedLine())
          .as("a finished run says so and commits nothing")
          .hasValue("[" + RUN + "] " + DATASET + ": all " + BATCHES + " batches already committed");
      assertThat(DeltaCommits.version(spark, location())).isEqualTo(version);
      assertKillsLandedWhereIntended();
      assertRestartsNeverReadCommittedBatches();
      assertTableHoldsEverySourceRowOnce();
      assertFinalCheckpoint();
    } catch (AssertionError | RuntimeException e) {
      dumpAttempts();
      throw e;
    }
  }

  // --- the scenario

  private Attempt attempt(Kill kill) throws Exception {
    int number = attempts.size() + 1;
    long before = committedInDelta();
    long target = Math.min(BATCHES, before + 2);
    Path stdout = logs.resolve("attempt-" + number + ".out");
    Path stderr = logs.resolve("attempt-" + number + ".err");
    Process process = start(stdout, stderr);
    String killedAt = null;
    try {
      killedAt =
          switch (kill) {
            case DURING_PLANNING -> killDuringPlanning(process);
            case AFTER_PLAN ->
                killWhen(
                    process,
                    () -> lines(stdout).stream().anyMatch(l -> PLANNED.matcher(l).matches()),
                    "after the plan line");
            case BETWEEN_BATCHES ->
                killWhen(
                    process,
                    () -> checkpointCommitted().orElse(0) >= target,
                    "when the checkpoint showed " + target + " batches");
            case MID_BATCH -> killMidBatch(process, stdout);
            case AFTER_DELTA_COMMIT -> killAfterDeltaCommit(process, before);
            case NONE -> null;
          };
      if (killedAt == null) {
        if (!process.waitFor(HANG_GUARD_MILLIS, TimeUnit.MILLISECONDS)) {
          kill(process);
          throw new AssertionError("attempt " + number + " did not exit: it hangs");
        }
      }
    } finally {
      if (process.isAlive()) {
        kill(process);
      }
    }
    Attempt attempt =
        new Attempt(
            number,
            kill,
            before,
            committedInDelta(),
            checkpointCommitted().orElse(null),
            killedAt == null ? process.exitValue() : null,
            killedAt,
            stdout,
            stderr);
    attempts.add(attempt);
    return attempt;
  }

  /**
   * Waits for Spark's block manager folder (the session is up and planning starts), then a random
   * delay; kills then, or at once when the plan object appears before the delay is over.
   */
  private String killDuringPlanning(Process process) throws Exception {
    Path tmp = home.resolve("tmp");
    if (!await(process, () -> hasBlockManagerFolder(tmp))) {
      return null;
    }
    long delay = 200 + random.nextInt(2500);
    long until = System.currentTimeMillis() + delay;
    Path plan = planObject();
    String where = null;
    while (process.isAlive()) {
      if (Files.exists(plan)) {
        where = "the moment the plan object appeared (" + Files.size(plan) + " bytes)";
        break;
      }
      if (System.currentTimeMillis() >= until) {
        where = delay + " ms after Spark started, before the plan was written";
        break;
      }
      Thread.sleep(2);
    }
    if (where == null) {
      return null;
    }
    kill(process);
    return "during planning, " + where;
  }

  private String killMidBatch(Process process, Path stdout) throws Exception {
    List<Double> seconds = new ArrayList<>();
    boolean seen =
        await(
            process,
            () -> {
              for (String line : lines(stdout)) {
                Matcher m = COMMITTED.matcher(line);
                if (m.matches()) {
                  seconds.add(Double.parseDouble(m.group(3)));
                  return true;
                }
              }
              return false;
            });
    if (!seen) {
      return null;
    }
    double fraction = 0.1 + 0.8 * random.nextDouble();
    long delay = (long) (Math.max(0.2, seconds.get(0)) * 1000 * fraction);
    if (process.waitFor(delay, TimeUnit.MILLISECONDS)) {
      return null;
    }
    kill(process);
    return String.format(
        "mid-batch, %d ms (%.0f%% of the previous batch) after a batch committed",
        delay, fraction * 100);
  }

  private String killAfterDeltaCommit(Process process, long committedBefore) throws Exception {
    Path log = home.resolve("buckets/lakehouse/warehouse/bronze/" + TABLE + "/_delta_log");
    // One Delta version per batch: batch k is version k.
    Path next = log.resolve(String.format("%020d.json", committedBefore));
    long deadline = System.currentTimeMillis() + HANG_GUARD_MILLIS;
    while (!Files.exists(next)) {
      if (!process.isAlive() || System.currentTimeMillis() > deadline) {
        return null;
      }
      Thread.sleep(1);
    }
    kill(process);
    return "right after Delta committed version " + committedBefore;
  }

  private String killWhen(Process process, BooleanSupplier condition, String where)
      throws Exception {
    if (!await(process, condition)) {
      return null;
    }
    kill(process);
    return where;
  }

  /** Polls until the condition holds (true) or the process exits (false). */
  private boolean await(Process process, BooleanSupplier condition) throws Exception {
    long deadline = System.currentTimeMillis() + HANG_GUARD_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      if (!process.isAlive()) {
        return condition.getAsBoolean();
      }
      Thread.sleep(5);
    }
    throw new AssertionError("the child process neither reached the kill point nor exited");
  }

  private Process start(Path stdout, Path stderr) throws IOException {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Path jobs = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    List<String> command =
        List.of(
            java,
            "@" + jobs.resolve("jvm.options").toAbsolutePath(),
            "-Xmx1g",
            "-Djava.io.tmpdir=" + home.resolve("tmp").toAbsolutePath(),
            "-cp",
            System.getProperty("java.class.path"),
            "dev.lakehouse.jobs.cli.LakehouseCli",
            "run",
            "-f",
            manifests.toString(),
            "--home",
            home.toString());
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return builder.start();
  }

  /** SIGKILL for the process and everything it started; returns once it is gone. */
  private static void kill(Process process) throws InterruptedException {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
    process.waitFor();
    for (ProcessHandle child : descendants) {
      child.onExit().join();
    }
  }

  // --- the checks

  /** The scenario exercised what it claims: kills before, between and inside batches. */
  private void assertKillsLandedWhereIntended() {
    List<Attempt> killed = attempts.stream().filter(a -> a.killedAt() != null).toList();
    assertThat(killed).as("killed attempts").hasSizeGreaterThanOrEqualTo(4);
    assertThat(killed)
        .as("kills before the first commit")
        .anySatisfy(a -> assertThat(a.committedAfter()).isZero());
    assertThat(killed)
        .as("kills after some batches and before the last")
        .anySatisfy(a -> assertThat(a.committedAfter()).isBetween(1L, (long) BATCHES - 1));
  }

  private void assertRestartsNeverReadCommittedBatches() {
    Set<Integer> printed = new HashSet<>();
    for (Attempt attempt : attempts) {
      List<Integer> batches = attempt.committedBatches();
      for (int batch : batches) {
        assertThat(printed.add(batch))
            .as("batch %d is committed once across all processes (%s)", batch, attempt.summary())
            .isTrue();
      }
      Optional<String> planned = attempt.plannedLine();
      if (attempt.committedBefore() == BATCHES) {
        assertThat(batches).as(attempt.summary()).isEmpty();
        planned.ifPresent(line -> assertThat(line).matches(ALL_DONE));
        continue;
      }
      if (planned.isPresent()) {
        Matcher resuming = RESUMING.matcher(planned.get());
        if (attempt.committedBefore() == 0) {
          assertThat(resuming.find())
              .as("a start with nothing committed does not resume: %s", planned.get())
              .isFalse();
        } else {
          assertThat(resuming.find())
              .as(
                  "a restart after %d committed batches resumes: %s",
                  attempt.committedBefore(), planned.get())
              .isTrue();
          assertThat(Long.parseLong(resuming.group(1)))
              .as("the resume point of %s", attempt.summary())
              .isEqualTo(attempt.committedBefore() + 1);
        }
        Matcher m = PLANNED.matcher(planned.get());
        assertThat(m.matches()).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isEqualTo(FILES);
        assertThat(Integer.parseInt(m.group(2))).isEqualTo(BATCHES);
        assertThat(Integer.parseInt(m.group(3))).isEqualTo(BATCH_SIZE);
      }
      if (!batches.isEmpty()) {
        assertThat(batches.get(0))
            .as(
                "the first batch %s commits is after the %d Delta had committed when the previous"
                    + " process died",
                attempt.summary(), attempt.committedBefore())
            .isGreaterThan((int) attempt.committedBefore())
            .isEqualTo((int) attempt.committedBefore() + 1);
        assertThat(batches)
            .as("batches in order, none twice, none left out: %s", attempt.summary())
            .containsExactlyElementsOf(
                IntStream.rangeClosed(batches.get(0), batches.get(batches.size() - 1))
                    .boxed()
                    .toList());
        assertThat((long) batches.get(batches.size() - 1))
            .as("a printed batch is committed in Delta: %s", attempt.summary())
            .isLessThanOrEqualTo(attempt.committedAfter());
      }
    }
    // Delta itself: one commit per batch of this run, each batch exactly once.
    List<Integer> committed =
        DeltaCommits.batchMetadata(spark, location(), RUN_ID, 1000).values().stream()
            .map(BatchMetadata::batch)
            .sorted()
            .toList();
    assertThat(committed).containsExactlyElementsOf(range(0, BATCHES));
    List<Row> history =
        io.delta.tables.DeltaTable.forPath(spark, location())
            .history()
            .select("version", "userMetadata")
            .collectAsList();
    long withMetadata =
        history.stream()
            .filter(r -> !r.isNullAt(1))
            .filter(r -> BatchMetadata.fromJson(r.getString(1)).isPresent())
            .count();
    assertThat(withMetadata).as("Delta commits that carry batch metadata").isEqualTo(BATCHES);
    assertThat(history).as("Delta versions of the table").hasSize(BATCHES);
  }

  private void assertTableHoldsEverySourceRowOnce() {
    var table = spark.read().format("delta").load(location());
    Row counts =
        table
            .selectExpr(
                "count(*)", "count(DISTINCT Id)", "count(DISTINCT _source_file)", "count(Id)")
            .first();
    assertThat(counts.getLong(0)).as("rows").isEqualTo(FILES);
    assertThat(counts.getLong(1)).as("distinct Ids (no duplicates)").isEqualTo(counts.getLong(0));
    assertThat(counts.getLong(2)).as("distinct source files").isEqualTo(FILES);
    assertThat(counts.getLong(3)).as("rows with an Id").isEqualTo(FILES);
    Set<String> ids =
        table.select("Id").collectAsList().stream()
            .map(r -> r.getString(0))
            .collect(Collectors.toSet());
    Set<String> expected =
        IntStream.rangeClosed(1, FILES)
            .mapToObj(i -> RaygunGenerator.sourceId(i, SEED))
            .collect(Collectors.toSet());
    assertThat(ids).isEqualTo(expected);
  }

  private void assertFinalCheckpoint() throws IOException {
    JsonNode checkpoint = JSON.readTree(checkpointFile().toFile());
    assertThat(checkpoint.path("runId").asText()).isEqualTo(RUN_ID);
    assertThat(checkpoint.path("batchesTotal").asInt()).isEqualTo(BATCHES);
    assertThat(checkpoint.path("batchesCommitted").asInt()).isEqualTo(BATCHES);
    assertThat(checkpoint.path("filesTotal").asLong()).isEqualTo(FILES);
    assertThat(checkpoint.path("filesIngested").asLong()).isEqualTo(FILES);
    assertThat(checkpoint.path("rowsWritten").asLong()).isEqualTo(FILES);
    assertThat(checkpoint.path("rowsRejected").asLong()).isZero();
    assertThat(checkpoint.path("deltaVersion").asLong())
        .isEqualTo(DeltaCommits.version(spark, location()));
  }

  // --- helpers

  private void writeManifests() throws IOException {
    Files.createDirectories(manifests);
    Files.writeString(
        manifests.resolve("crash.yaml"),
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Dataset
        metadata:
          name: %s
        spec:
          lakehouse: demo
          layer: bronze
          table:
            schema: bronze
            name: %s
          source:
            files:
              prefix: landing/raygun/
              format: json
              multiLine: true
          maxRejectedFraction: "0"
        ---
        apiVersion: lakehouse.dev/v1alpha1
        kind: IngestionRun
        metadata:
          name: %s
        spec:
          dataset: %s
          batchSize: %d
        """
            .formatted(DATASET, TABLE, RUN, DATASET, BATCH_SIZE),
        StandardCharsets.UTF_8);
  }

  private String location() {
    return home.resolve("buckets/lakehouse/warehouse/bronze/" + TABLE)
        .toAbsolutePath()
        .toUri()
        .toString();
  }

  private Path planObject() {
    return home.resolve(
        "buckets/lakehouse/warehouse/bronze/"
            + TABLE
            + "/_lakehouse/runs/"
            + RUN_ID
            + "/manifest.json");
  }

  private Path checkpointFile() {
    return home.resolve("state/default/" + RUN + ".json");
  }

  /** Batches Delta has committed for the run: the last txnVersion + 1. */
  private long committedInDelta() {
    return DeltaCommits.committedBatches(spark, location()).getOrDefault(RUN_ID, -1L) + 1;
  }

  private boolean finished() {
    return committedInDelta() == BATCHES && checkpointCommitted().orElse(0) == BATCHES;
  }

  private Optional<Integer> checkpointCommitted() {
    Path file = checkpointFile();
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(file.toFile());
      return node.has("batchesCommitted")
          ? Optional.of(node.get("batchesCommitted").asInt())
          : Optional.empty();
    } catch (IOException e) { // replaced atomically, so only while it does not exist yet
      return Optional.empty();
    }
  }

  private static boolean hasBlockManagerFolder(Path tmp) {
    try (Stream<Path> entries = Files.list(tmp)) {
      return entries.anyMatch(p -> p.getFileName().toString().startsWith("blockmgr-"));
    } catch (IOException e) {
      return false;
    }
  }

  /** The complete lines a child has printed so far. */
  static List<String> lines(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      int end = text.lastIndexOf('\n');
      return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
    } catch (IOException e) {
      return List.of();
    }
  }

  private static List<Integer> range(int from, int to) {
    return IntStream.range(from, to).boxed().toList();
  }

  private void dumpAttempts() {
    for (Attempt attempt : attempts) {
      System.out.println("==== " + attempt.summary());
      System.out.println("---- stdout " + attempt.stdout());
      attempt.lines().forEach(System.out::println);
      System.out.println("---- stderr " + attempt.stderr() + " (last 60 lines)");
      List<String> err = lines(attempt.stderr());
      err.subList(Math.max(0, err.size() - 60), err.size()).forEach(System.out::println);
    }
    Map<String, Long> committed = DeltaCommits.committedBatches(spark, location());
    System.out.println("==== Delta txn versions now: " + committed);
  }
}
