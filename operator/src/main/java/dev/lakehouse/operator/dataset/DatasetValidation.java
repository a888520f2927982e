package dev.lakehouse.operator.dataset;

import dev.lakehouse.api.common.ConditionTypes;
import dev.lakehouse.api.common.Conditions;
import dev.lakehouse.api.dataset.Dataset;
import dev.lakehouse.api.dataset.DatasetSpec;
import dev.lakehouse.api.lakehouse.Lakehouse;
import dev.lakehouse.operator.k8s.EventReason;
import dev.lakehouse.operator.schedule.CronSchedule;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks what the CRD schema cannot: that the Lakehouse and the upstream Datasets exist, that the
 * upstream Datasets form no cycle, that the schedule parses, and that the Lakehouse is ready.
 */
public final class DatasetValidation {
  /** Something that keeps the Dataset from running, with what to look at. */
  public record Problem(EventReason reason, String message) {}

  private DatasetValidation() {}

  /** Problems a person must fix come first; waiting for the Lakehouse comes last. */
  public static Optional<Problem> validate(
      Dataset dataset,
      Optional<Lakehouse> lakehouse,
      Function<String, Optional<Dataset>> datasets) {
    DatasetSpec spec = dataset.getSpec();
    String namespace = dataset.getMetadata().getNamespace();
    if (lakehouse.isEmpty()) {
      return problem(
          EventReason.LakehouseNotFound,
          "Lakehouse \""
              + spec.lakehouse
              + "\" (spec.lakehouse) does not exist in namespace "
              + namespace);
    }
    List<String> upstream = upstream(dataset);
    List<String> missing = upstream.stream().filter(u -> datasets.apply(u).isEmpty()).toList();
    if (!missing.isEmpty()) {
      return problem(
          EventReason.UpstreamNotFound,
          (missing.size() == 1 ? "upstream Dataset " : "upstream Datasets ")
              + missing.stream().map(m -> "\"" + m + "\"").collect(Collectors.joining(", "))
              + " (spec.transform.upstream) "
              + (missing.size() == 1 ? "does" : "do")
              + " not exist in namespace "
              + namespace);
    }
    Optional<List<String>> cycle =
        UpstreamCycles.from(
            dataset.getMetadata().getName(),
            name ->
                name.equals(dataset.getMetadata().getName())
                    ? upstream
                    : datasets.apply(name).map(DatasetValidation::upstream).orElse(List.of()));
    if (cycle.isPresent()) {
      return problem(
          EventReason.CycleDetected,
          "upstream Datasets form a cycle: "
              + String.join(" -> ", cycle.get())
              + "; a Dataset cannot be derived from itself");
    }
    if (spec.schedule != null) {
      try {
        CronSchedule.parse(spec.schedule.cron, spec.schedule.timeZone);
      } catch (IllegalArgumentException e) {
        return problem(EventReason.InvalidSchedule, e.getMessage());
      }
    }
    return lakehouseReadiness(lakehouse.get());
  }

  public static List<String> upstream(Dataset dataset) {
    var transform = dataset.getSpec() == null ? null : dataset.getSpec().transform;
    return transform == null || transform.upstream == null ? List.of() : transform.upstream;
  }

  private static Optional<Problem> lakehouseReadiness(Lakehouse lakehouse) {
    var status = lakehouse.getStatus();
    if (status != null && Conditions.isTrue(status.conditions, ConditionTypes.READY)) {
      return Optional.empty();
    }
    String name = lakehouse.getMetadata().getName();
    // The phase, not the Ready message: that one changes with every component's progress.
    String phase = status == null || status.phase == null ? "not reconciled yet" : status.phase;
    return problem(
        EventReason.LakehouseNotReady,
        "Lakehouse \""
            + name
            + "\" is not ready ("
            + phase
            + "): no runs start until it is; see kubectl describe lakehouse "
            + name);
  }

  private static Optional<Problem> problem(EventReason reason, String message) {
    return Optional.of(new Problem(reason, message));
  }
}
