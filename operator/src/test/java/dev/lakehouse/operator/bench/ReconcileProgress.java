package dev.lakehouse.operator.bench;

import dev.lakehouse.api.common.ConditionTypes;
import dev.lakehouse.api.common.Conditions;
import dev.lakehouse.api.dataset.Dataset;
import dev.lakehouse.api.dataset.DatasetStatus;
import dev.lakehouse.api.run.IngestionRun;
import dev.lakehouse.api.run.IngestionRunStatus;
import dev.lakehouse.api.run.RunPhase;
import dev.lakehouse.operator.k8s.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One read of every Dataset, IngestionRun and run Job (a LIST each, across namespaces) and what in
 * it the operator has not reconciled yet: the benchmark's definition of "done" for a phase.
 */
final class ReconcileProgress {
  private final List<Dataset> datasets;
  private final List<IngestionRun> runs;
  private final List<Job> jobs;

  private ReconcileProgress(List<Dataset> datasets, List<IngestionRun> runs, List<Job> jobs) {
    this.datasets = datasets;
    this.runs = runs;
    this.jobs = jobs;
  }

  /**
   * Only the benchmark's namespaces count: other suites on the same control plane leave objects
   * behind in namespaces still being deleted.
   */
  static ReconcileProgress read(KubernetesClient client, Collection<String> namespaces) {
    return new ReconcileProgress(
        in(namespaces, client.resources(Dataset.class).inAnyNamespace().list().getItems()),
        in(namespaces, client.resources(IngestionRun.class).inAnyNamespace().list().getItems()),
        in(
            namespaces,
            client.batch().v1().jobs().inAnyNamespace().withLabel(Labels.RUN).list().getItems()));
  }

  private static <T extends HasMetadata> List<T> in(Collection<String> namespaces, List<T> items) {
    return items.stream().filter(i -> namespaces.contains(i.getMetadata().getNamespace())).toList();
  }

  List<Dataset> datasets() {
    return datasets;
  }

  List<IngestionRun> runs() {
    return runs;
  }

  /** Run Jobs per run, as namespace/run. */
  Map<String, Long> jobsPerRun() {
    return jobs.stream()
        .collect(
            Collectors.groupingBy(
                j ->
                    j.getMetadata().getNamespace()
                        + "/"
                        + j.getMetadata().getLabels().get(Labels.RUN),
                Collectors.counting()));
  }

  /**
   * Datasets whose status is not Ready for their generation or does not show their run in {@code
   * phase} (active while it runs, the table's Delta version once it succeeded).
   */
  List<String> datasetsBehind(ScalePopulation population, RunPhase phase) {
    List<String> behind = new ArrayList<>();
    for (Dataset dataset : datasets) {
      DatasetStatus status = dataset.getStatus();
      String id = id(dataset);
      if (status == null
          || !Objects.equals(status.observedGeneration, dataset.getMetadata().getGeneration())
          || !Conditions.isTrue(status.conditions, ConditionTypes.READY)) {
        behind.add(id + ": not Ready for generation " + dataset.getMetadata().getGeneration());
        continue;
      }
      Optional<String> run = population.runOf(dataset.getMetadata().getName());
      if (run.isEmpty()) {
        continue;
      }
      if (status.lastRun == null
          || !run.get().equals(status.lastRun.name)
          || !phase.name().equals(status.lastRun.phase)) {
        behind.add(id + ": lastRun " + (status.lastRun == null ? null : status.lastRun.phase));
      } else if (!Objects.equals(status.activeRun, phase.isFinished() ? null : run.get())) {
        behind.add(id + ": activeRun " + status.activeRun);
      } else if (phase == RunPhase.Succeeded
          && (status.table == null || status.table.deltaVersion == null)) {
        behind.add(id + ": no table facts");
      }
    }
    return behind;
  }

  /** Runs not in {@code phase} after exactly one attempt; a Running one must have its Job. */
  List<String> runsBehind(RunPhase phase) {
    Set<String> jobNames = jobs.stream().map(ReconcileProgress::id).collect(Collectors.toSet());
    List<String> behind = new ArrayList<>();
    for (IngestionRun run : runs) {
      IngestionRunStatus status = run.getStatus();
      String job = ScalePopulation.jobOf(run.getMetadata().getName());
      if (status == null || status.phase != phase) {
        behind.add(id(run) + ": " + (status == null ? null : status.phase));
      } else if (!Objects.equals(status.attempts, 1) || !job.equals(status.jobName)) {
        behind.add(id(run) + ": attempt " + status.attempts + ", Job " + status.jobName);
      } else if (phase == RunPhase.Running
          && !jobNames.contains(run.getMetadata().getNamespace() + "/" + job)) {
        behind.add(id(run) + ": no Job " + job);
      }
    }
    return behind;
  }

  private static String id(HasMetadata object) {
    return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
  }
}
