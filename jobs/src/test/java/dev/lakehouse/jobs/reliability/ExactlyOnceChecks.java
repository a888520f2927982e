package dev.lakehouse.jobs.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.jobs.engine.BatchMetadata;
import dev.lakehouse.jobs.engine.DeltaCommits;
import dev.lakehouse.jobs.generate.RaygunGenerator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;

/**
 * The engine's promise (README, "The ingestion engine") after killed and restarted runs: every
 * source row is in the Delta table exactly once, the checkpoint's counters match the table, and no
 * restart re-read a batch Delta had already committed.
 */
final class ExactlyOnceChecks {
  private ExactlyOnceChecks() {}

  /** The table against the generator's ids: the numbers a report shows and the checks assert. */
  record SourceRows(
      long rows,
      long distinctIds,
      long rowsWithId,
      long distinctFiles,
      Set<String> missing,
      Set<String> unexpected) {
    long duplicated() {
      return rows - distinctIds;
    }
  }

  static SourceRows sourceRows(CrashScenario scenario) {
    var table = scenario.spark.read().format("delta").load(scenario.location());
    Row counts =
        table
            .selectExpr(
                "count(*)", "count(DISTINCT Id)", "count(Id)", "count(DISTINCT _source_file)")
            .first();
    Set<String> ids =
        table.select("Id").collectAsList().stream()
            .map(r -> r.getString(0))
            .collect(Collectors.toSet());
    Set<String> expected =
        IntStream.rangeClosed(1, scenario.files)
            .mapToObj(i -> RaygunGenerator.sourceId(i, CrashScenario.SEED))
            .collect(Collectors.toSet());
    Set<String> missing = new HashSet<>(expected);
    missing.removeAll(ids);
    Set<String> unexpected = new HashSet<>(ids);
    unexpected.removeAll(expected);
    return new SourceRows(
        counts.getLong(0),
        counts.getLong(1),
        counts.getLong(2),
        counts.getLong(3),
        missing,
        unexpected);
  }

  static void assertTableHoldsEverySourceRowOnce(CrashScenario scenario) {
    SourceRows rows = sourceRows(scenario);
    assertThat(rows.missing()).as("source ids missing from the table").isEmpty();
    assertThat(rows.unexpected()).as("ids in the table no source file has").isEmpty();
    assertThat(rows.duplicated()).as("duplicated rows").isZero();
    assertThat(rows.rows()).as("rows").isEqualTo(scenario.files);
    assertThat(rows.rowsWithId()).as("rows with an Id").isEqualTo(scenario.files);
    assertThat(rows.distinctFiles()).as("distinct source files").isEqualTo(scenario.files);
  }

  /** The checkpoint's counters, as the checks compare them with the table. */
  record CheckpointCounters(
      long batchesCommitted,
      long filesIngested,
      long rowsWritten,
      long rowsRejected,
      long version) {
    static CheckpointCounters of(CrashScenario scenario) {
      JsonNode c = scenario.checkpoint().orElseThrow();
      return new CheckpointCounters(
          c.path("batchesCommitted").asLong(),
          c.path("filesIngested").asLong(),
          c.path("rowsWritten").asLong(),
          c.path("rowsRejected").asLong(),
          c.path("deltaVersion").asLong());
    }
  }

  static void assertFinalCheckpoint(CrashScenario scenario) {
    JsonNode checkpoint = scenario.checkpoint().orElseThrow();
    assertThat(checkpoint.path("runId").asText()).isEqualTo(CrashScenario.RUN_ID);
    assertThat(checkpoint.path("batchesTotal").asInt()).isEqualTo(scenario.batches);
    assertThat(checkpoint.path("filesTotal").asLong()).isEqualTo(scenario.files);
    CheckpointCounters counters = CheckpointCounters.of(scenario);
    assertThat(counters.batchesCommitted()).isEqualTo(scenario.batches);
    assertThat(counters.filesIngested()).isEqualTo(scenario.files);
    assertThat(counters.rowsWritten())
        .as("rows written by the checkpoint, rows in the table")
        .isEqualTo(scenario.files)
        .isEqualTo(sourceRows(scenario).rows());
    assertThat(counters.rowsRejected()).isZero();
    assertThat(counters.version())
        .isEqualTo(DeltaCommits.version(scenario.spark, scenario.location()));
  }

  /**
   * The batches a process printed as committed although Delta had them before it started, or an
   * earlier process had printed them: a re-read. The report counts them; the assertions below
   * refuse them.
   */
  static List<String> rereads(List<Attempt> attempts) {
    List<String> found = new ArrayList<>();
    Set<Integer> printed = new HashSet<>();
    for (Attempt attempt : attempts) {
      for (int batch : attempt.committedBatches()) {
        if (batch <= attempt.committedBefore() || !printed.add(batch)) {
          found.add("attempt " + attempt.number() + " batch " + batch);
        }
      }
    }
    return found;
  }

  static void assertRestartsNeverReadCommittedBatches(
      CrashScenario scenario, List<Attempt> attempts) {
    int batchCount = scenario.batches;
    assertThat(rereads(attempts)).as("batches committed twice").isEmpty();
    for (Attempt attempt : attempts) {
      List<Integer> batches = attempt.committedBatches();
      Optional<String> planned = attempt.plannedLine();
      if (attempt.committedBefore() == batchCount) {
        assertThat(batches).as(attempt.summary()).isEmpty();
        planned.ifPresent(line -> assertThat(line).matches(RunOutput.ALL_DONE));
        continue;
      }
      planned.ifPresent(line -> assertPlanLine(scenario, attempt, line));
      if (!batches.isEmpty()) {
        assertThat(batches.get(0))
            .as(
                "the first batch %s commits is after the %d Delta had committed when the previous"
                    + " process died",
                attempt.summary(), attempt.committedBefore())
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
    assertOneDeltaCommitPerBatch(scenario);
  }

  /** A start resumes exactly after what Delta had committed, over the same plan. */
  private static void assertPlanLine(CrashScenario scenario, Attempt attempt, String line) {
    Matcher resuming = RunOutput.RESUMING.matcher(line);
    if (attempt.committedBefore() == 0) {
      assertThat(resuming.find())
          .as("a start with nothing committed does not resume: %s", line)
          .isFalse();
    } else {
      assertThat(resuming.find())
          .as("a restart after %d committed batches resumes: %s", attempt.committedBefore(), line)
          .isTrue();
      assertThat(Long.parseLong(resuming.group(1)))
          .as("the resume point of %s", attempt.summary())
          .isEqualTo(attempt.committedBefore() + 1);
    }
    Matcher m = RunOutput.PLANNED.matcher(line);
    assertThat(m.matches()).as(line).isTrue();
    assertThat(Integer.parseInt(m.group(1))).isEqualTo(scenario.files);
    assertThat(Integer.parseInt(m.group(2))).isEqualTo(scenario.batches);
    assertThat(Integer.parseInt(m.group(3))).isEqualTo(scenario.batchSize);
  }

  /** Delta itself: one commit per batch of the run, each batch exactly once. */
  private static void assertOneDeltaCommitPerBatch(CrashScenario scenario) {
    List<Integer> committed =
        DeltaCommits.batchMetadata(scenario.spark, scenario.location(), CrashScenario.RUN_ID, 1000)
            .values()
            .stream()
            .map(BatchMetadata::batch)
            .sorted()
            .toList();
    assertThat(committed)
        .containsExactlyElementsOf(IntStream.range(0, scenario.batches).boxed().toList());
    List<Row> history =
        io.delta.tables.DeltaTable.forPath(scenario.spark, scenario.location())
            .history()
            .select("version", "userMetadata")
            .collectAsList();
    long withMetadata =
        history.stream()
            .filter(r -> !r.isNullAt(1))
            .filter(r -> BatchMetadata.fromJson(r.getString(1)).isPresent())
            .count();
    assertThat(withMetadata)
        .as("Delta commits that carry batch metadata")
        .isEqualTo(scenario.batches);
    assertThat(history).as("Delta versions of the table").hasSize(scenario.batches);
  }
}
