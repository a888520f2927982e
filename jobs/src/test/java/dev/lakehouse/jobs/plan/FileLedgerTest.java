package dev.lakehouse.jobs.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.jobs.source.SourceFile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FileLedgerTest {
  static RunManifest manifest(String runId, int batchSize, String... files) {
    return new RunManifest(
        runId,
        "events",
        "incremental",
        batchSize,
        "{}",
        java.util.Arrays.stream(files).map(f -> new SourceFile(f, 1)).toList(),
        List.of(),
        "now");
  }

  static ManifestStore.Stored stored(RunManifest manifest) {
    return new ManifestStore.Stored(manifest, "x", 1, "h");
  }

  @Test
  void onlyBatchesDeltaCommittedCount() {
    var first = stored(manifest("run-1", 2, "a", "b", "c", "d", "e"));
    var crashed = stored(manifest("run-2", 2, "f", "g", "h"));
    var planned = stored(manifest("run-3", 2, "i"));

    FileLedger ledger =
        new FileLedger(List.of(first, crashed, planned), Map.of("run-1", 2L, "run-2", 0L), "run-4");

    assertThat(List.of("a", "b", "c", "d", "e", "f", "g"))
        .allMatch(f -> ledger.contains(new SourceFile(f, 1)));
    assertThat(List.of("h", "i")).noneMatch(f -> ledger.contains(new SourceFile(f, 1)));
    assertThat(ledger.size()).isEqualTo(7);
  }

  @Test
  void theCurrentRunIsNotItsOwnLedger() {
    var current = stored(manifest("run-1", 2, "a", "b"));
    assertThat(new FileLedger(List.of(current), Map.of("run-1", 0L), "run-1").size()).isZero();
  }

  @Test
  void batchesCutTheFileListInOrder() {
    RunManifest m = manifest("r", 2, "a", "b", "c", "d", "e");
    assertThat(m.batchCount()).isEqualTo(3);
    assertThat(m.batch(2)).extracting(SourceFile::path).containsExactly("e");
    assertThat(manifest("r", 2).batchCount()).isZero();
  }
}
