package dev.lakehouse.jobs.bench;

import java.util.List;
import java.util.regex.Matcher;

/**
 * What a kill cost, read from the progress lines of the killed process and of its restart: the
 * batches Delta had committed at the kill, and the files the restart reads again (the batch that
 * was in flight, or the schema sample when the kill came before the plan was written).
 */
record ResumeFacts(int batches, int committedAtKill, long filesReadTwice, String explanation) {
  static ResumeFacts of(List<String> killed, List<String> restart, IngestBenchmark.Options o) {
    int batches = (o.files() + o.batchSize() - 1) / o.batchSize();
    boolean killedAfterPlan =
        killed.stream().anyMatch(l -> IngestBenchmark.PLANNED.matcher(l).find());
    int committed = 0;
    boolean restartPlanned = false;
    for (String line : restart) {
      if (line.contains("all " + batches + " batches already committed")) {
        committed = batches;
      }
      if (IngestBenchmark.PLANNED.matcher(line).find()) {
        restartPlanned = true;
        Matcher m = IngestBenchmark.RESUMING.matcher(line);
        committed = m.find() ? Integer.parseInt(m.group(1)) - 1 : 0;
      }
    }
    if (!killedAfterPlan) {
      return new ResumeFacts(
          batches,
          committed,
          Math.min(o.files(), BenchTasks.SCHEMA_SAMPLE),
          "killed before the plan was printed: at most the schema sample is read again");
    }
    if (committed >= batches || !restartPlanned && committed == 0) {
      return new ResumeFacts(batches, committed, 0, "nothing was in flight");
    }
    long inFlight = Math.min(o.batchSize(), o.files() - (long) committed * o.batchSize());
    return new ResumeFacts(
        batches,
        committed,
        inFlight,
        "batch " + (committed + 1) + " was being read and is read again from its first file");
  }
}
