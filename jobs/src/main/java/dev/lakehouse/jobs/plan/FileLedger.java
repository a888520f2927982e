package dev.lakehouse.jobs.plan;

import dev.lakehouse.jobs.source.SourceFile;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The files a Dataset has already ingested, derived from what Delta committed rather than kept
 * beside it: the batches of each earlier run's manifest up to that run's last committed txnVersion.
 * So the ledger can never disagree with the table, whatever crashed when.
 */
public final class FileLedger {
  private final Set<String> ingested = new HashSet<>();

  public FileLedger(
      List<ManifestStore.Stored> manifests, Map<String, Long> committed, String currentRun) {
    for (ManifestStore.Stored stored : manifests) {
      RunManifest manifest = stored.manifest();
      if (manifest.runId().equals(currentRun)) {
        continue;
      }
      long last = committed.getOrDefault(manifest.runId(), -1L);
      for (int batch = 0; batch <= last && batch < manifest.batchCount(); batch++) {
        manifest.batch(batch).forEach(f -> ingested.add(f.path()));
      }
    }
  }

  public boolean contains(SourceFile file) {
    return ingested.contains(file.path());
  }

  public int size() {
    return ingested.size();
  }
}
