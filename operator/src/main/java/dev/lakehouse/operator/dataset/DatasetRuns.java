package dev.lakehouse.operator.dataset;

import dev.lakehouse.api.dataset.RunHistoryLimits;
import dev.lakehouse.api.run.IngestionRun;
import dev.lakehouse.api.run.RunPhase;
import dev.lakehouse.operator.k8s.Labels;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The IngestionRuns of one Dataset, oldest first: by creation time (whole seconds), then by the
 * sequence number the Dataset gave the runs it created, then by name.
 */
public final class DatasetRuns {
  private static final Comparator<IngestionRun> CREATED =
      Comparator.comparing(
              (IngestionRun r) -> Objects.toString(r.getMetadata().getCreationTimestamp(), ""))
          .thenComparingLong(DatasetRuns::sequence)
          .thenComparing(r -> r.getMetadata().getName());

  private final List<IngestionRun> runs;

  public DatasetRuns(Collection<IngestionRun> runs) {
    this.runs = runs.stream().sorted(CREATED).toList();
  }

  public List<IngestionRun> all() {
    return runs;
  }

  /** The most recently created run, which status.lastRun describes. */
  public Optional<IngestionRun> latest() {
    return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(runs.size() - 1));
  }

  /** The most recent run that has not finished; while there is one, the Dataset starts none. */
  public Optional<IngestionRun> active() {
    return runs.stream().filter(r -> !phase(r).isFinished()).reduce((older, newer) -> newer);
  }

  public Optional<IngestionRun> latestSucceeded() {
    return runs.stream()
        .filter(r -> phase(r) == RunPhase.Succeeded)
        .reduce((older, newer) -> newer);
  }

  public Optional<IngestionRun> named(String name) {
    return runs.stream().filter(r -> name.equals(r.getMetadata().getName())).findFirst();
  }

  /** The sequence number of the next run the Dataset creates. */
  public long nextSequence() {
    return runs.stream().mapToLong(DatasetRuns::sequence).max().orElse(0) + 1;
  }

  /** A run's sequence number; 0 for a run a user created. */
  static long sequence(IngestionRun run) {
    String value =
        Optional.ofNullable(run.getMetadata().getAnnotations())
            .map(a -> a.get(Labels.RUN_SEQUENCE))
            .orElse(null);
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** With a run just created, before the informer has seen it. */
  public DatasetRuns with(IngestionRun created) {
    List<IngestionRun> all = new ArrayList<>(runs);
    all.removeIf(r -> r.getMetadata().getName().equals(created.getMetadata().getName()));
    all.add(created);
    return new DatasetRuns(all);
  }

  /**
   * The finished runs the Dataset owns beyond its history limits, oldest first. A run a user
   * created is never pruned, and neither is the latest run, so status.lastRun always names one that
   * exists.
   */
  public List<IngestionRun> toPrune(String ownerUid, RunHistoryLimits limits) {
    RunHistoryLimits defaults = new RunHistoryLimits();
    RunHistoryLimits given = limits == null ? defaults : limits;
    List<IngestionRun> owned = runs.stream().filter(r -> ownedBy(r, ownerUid)).toList();
    List<IngestionRun> prune = new ArrayList<>();
    prune.addAll(
        beyond(
            owned,
            EnumSet.of(RunPhase.Succeeded),
            Objects.requireNonNullElse(given.successfulRunsToKeep, defaults.successfulRunsToKeep)));
    prune.addAll(
        beyond(
            owned,
            EnumSet.of(RunPhase.Failed, RunPhase.Cancelled),
            Objects.requireNonNullElse(given.failedRunsToKeep, defaults.failedRunsToKeep)));
    Optional<IngestionRun> latest = latest();
    return prune.stream().filter(r -> latest.get() != r).sorted(CREATED).toList();
  }

  /** A run's phase; one the run reconciler has not written yet is Pending. */
  public static RunPhase phase(IngestionRun run) {
    return run.getStatus() == null || run.getStatus().phase == null
        ? RunPhase.Pending
        : run.getStatus().phase;
  }

  public static boolean ownedBy(IngestionRun run, String ownerUid) {
    var owners = run.getMetadata().getOwnerReferences();
    return owners != null && owners.stream().anyMatch(o -> ownerUid.equals(o.getUid()));
  }

  private static List<IngestionRun> beyond(
      List<IngestionRun> owned, Set<RunPhase> phases, int keep) {
    List<IngestionRun> matching = owned.stream().filter(r -> phases.contains(phase(r))).toList();
    return matching.subList(0, Math.max(0, matching.size() - keep));
  }
}
