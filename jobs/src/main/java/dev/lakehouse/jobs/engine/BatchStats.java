package dev.lakehouse.jobs.engine;

import java.util.Map;

/** Counts of one processed batch, from one aggregation over it. */
public record BatchStats(
    long rows,
    long rejected,
    long dropped,
    long failing,
    long withExtraFields,
    Map<String, Long> warned) {
  public long written() {
    return rows - rejected - dropped;
  }
}
