package dev.lakehouse.jobs.plan;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.lakehouse.jobs.source.SourceFile;
import java.util.List;

/**
 * The plan of one run, written before its first commit and never changed: the files in batch order,
 * the batch size, and the schema every batch is read with. A resumed run reads it back, so files
 * that land mid-run do not shift batches and batch 7 is read like batch 1.
 */
public record RunManifest(
    String runId,
    String dataset,
    String mode,
    int batchSize,
    String schemaJson,
    List<SourceFile> files,
    List<String> skipped,
    String createdAt) {

  @JsonIgnore
  public int batchCount() {
    return (files.size() + batchSize - 1) / batchSize;
  }

  public List<SourceFile> batch(int index) {
    int from = index * batchSize;
    return files.subList(from, Math.min(files.size(), from + batchSize));
  }

  @JsonIgnore
  public long bytes() {
    return files.stream().mapToLong(SourceFile::size).sum();
  }
}
