package dev.lakehouse.jobs.generate;

/**
 * What one generator call wrote.
 *
 * @param files files written
 * @param bytes their total size
 * @param rows records in them (one per file for one-document-per-file formats)
 * @param sourceIds distinct values of the source's identifying field among those records
 */
public record Summary(int files, long bytes, long rows, long sourceIds) {
  /** The sum of two summaries of disjoint sets of files (ids are assumed disjoint too). */
  public Summary plus(Summary other) {
    return new Summary(
        files + other.files, bytes + other.bytes, rows + other.rows, sourceIds + other.sourceIds);
  }
}
