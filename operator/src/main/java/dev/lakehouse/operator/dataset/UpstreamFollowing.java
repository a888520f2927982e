package dev.lakehouse.operator.dataset;

import dev.lakehouse.api.run.IngestionRun;
import dev.lakehouse.api.run.RunPhase;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * For runAfterUpstream: which upstream runs a Dataset has yet to follow. The names of the runs it
 * followed are kept in its status, so pruning a run never makes it follow the same one again.
 */
public final class UpstreamFollowing {
  private UpstreamFollowing() {}

  /**
   * Per upstream Dataset, by name: its latest run, when that run succeeded and is not the one
   * followed last.
   */
  public static SortedMap<String, IngestionRun> pending(
      List<String> upstream, Function<String, DatasetRuns> runsOf, Map<String, String> followed) {
    SortedMap<String, IngestionRun> pending = new TreeMap<>();
    for (String dataset : upstream) {
      runsOf
          .apply(dataset)
          .latest()
          .filter(run -> DatasetRuns.phase(run) == RunPhase.Succeeded)
          .filter(run -> !run.getMetadata().getName().equals(followed.get(dataset)))
          .ifPresent(run -> pending.put(dataset, run));
    }
    return pending;
  }

  /** One run follows every pending upstream run; it is named after the first of them. */
  public static String runName(DatasetNames names, SortedMap<String, IngestionRun> pending) {
    return names.followUpRun(pending.get(pending.firstKey()).getMetadata().getUid());
  }

  /**
   * The followed runs of the current upstream Datasets, with {@code followedNow} added; null when
   * there are none, so the status stays as small as before.
   */
  public static Map<String, String> followed(
      List<String> upstream, Map<String, String> before, Map<String, IngestionRun> followedNow) {
    SortedMap<String, String> followed = new TreeMap<>();
    if (before != null) {
      before.forEach(
          (dataset, run) -> {
            if (upstream.contains(dataset)) {
              followed.put(dataset, run);
            }
          });
    }
    followedNow.forEach((dataset, run) -> followed.put(dataset, run.getMetadata().getName()));
    return followed.isEmpty() ? null : followed;
  }
}
