package dev.lakehouse.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResumeFactsTest {
  static final IngestBenchmark.Options OPTIONS =
      new IngestBenchmark.Options(250, 100, Path.of("work"), Set.of());
  static final String PLAN = "[bench-1] raygun-bench: 250 files (3.8 MB) in 3 batches of 100";

  @Test
  void aKillMidRunRereadsTheBatchInFlight() {
    var facts =
        ResumeFacts.of(
            List.of(
                PLAN,
                "[bench-1] batch 1/3 committed: 100 rows total, 0 rejected, Delta version 0 (1.0 s)"),
            List.of(PLAN + ", resuming at batch 3"),
            OPTIONS);
    assertThat(facts.committedAtKill()).isEqualTo(2);
    assertThat(facts.filesReadTwice()).isEqualTo(50); // the last batch holds the 50 left over
    assertThat(facts.explanation()).contains("batch 3");
  }

  @Test
  void aKillBeforeThePlanRereadsAtMostTheSchemaSample() {
    var facts = ResumeFacts.of(List.of(), List.of(PLAN), OPTIONS);
    assertThat(facts.committedAtKill()).isZero();
    assertThat(facts.filesReadTwice()).isEqualTo(200);
  }

  @Test
  void aKillAfterTheLastCommitRereadsNothing() {
    var facts =
        ResumeFacts.of(
            List.of(PLAN),
            List.of("[bench-1] raygun-bench: all 3 batches already committed"),
            OPTIONS);
    assertThat(facts.committedAtKill()).isEqualTo(3);
    assertThat(facts.filesReadTwice()).isZero();
  }
}
