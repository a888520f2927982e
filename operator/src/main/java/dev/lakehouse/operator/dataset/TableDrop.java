package dev.lakehouse.operator.dataset;

import dev.lakehouse.api.dataset.Dataset;
import dev.lakehouse.operator.k8s.EventReason;
import dev.lakehouse.operator.k8s.EventRecorder;
import dev.lakehouse.operator.k8s.Labels;
import dev.lakehouse.operator.k8s.ObjectApplier;
import dev.lakehouse.operator.k8s.Readiness;
import dev.lakehouse.operator.lakehouse.LakehouseModel;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Drops a deleted Dataset's table with a Job of the jobs image, one per attempt. A failed attempt
 * is reported and retried with back-off until one succeeds: the finalizer stays until the table is
 * gone, never dropped silently.
 */
final class TableDrop {
  static final Duration RECHECK = Duration.ofSeconds(30);
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(30);
  static final Duration MAX_BACKOFF = Duration.ofMinutes(10);

  /** The label Kubernetes puts on a Job's pods. */
  private static final String JOB_NAME = "batch.kubernetes.io/job-name";

  private final EventRecorder events;
  private final ObjectApplier applier;
  private final Clock clock;

  /** Failed attempts already reported: one event each (an operator restart may repeat one). */
  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  TableDrop(EventRecorder events, ObjectApplier applier, Clock clock) {
    this.events = events;
    this.applier = applier;
    this.clock = clock;
  }

  DeleteControl step(Dataset dataset, LakehouseModel lakehouse, Context<Dataset> context) {
    Optional<Job> latest = latestAttempt(dataset, context);
    if (latest.isEmpty()) {
      return start(dataset, lakehouse, 1, context);
    }
    Job job = latest.get();
    return switch (Readiness.of(job)) {
      case SUCCEEDED -> {
        events.record(
            dataset,
            EventReason.TableDropped,
            "dropped table " + table(dataset) + " (Job " + job.getMetadata().getName() + ")");
        yield DeleteControl.defaultDelete();
      }
      case RUNNING -> waitFor(RECHECK);
      case FAILED -> retry(dataset, lakehouse, job, context);
    };
  }

  private DeleteControl start(
      Dataset dataset, LakehouseModel lakehouse, int attempt, Context<Dataset> context) {
    var objects = new DatasetObjects(dataset);
    var primary = ResourceID.fromResource(dataset);
    applier.createIfAbsent(
        objects.dropConfigMap(lakehouse), DatasetInformers.dropConfigMaps(context), primary);
    Job job = objects.dropJob(lakehouse, attempt);
    if (applier.createIfAbsent(job, DatasetInformers.dropJobs(context), primary)) {
      events.record(
          dataset,
          EventReason.TableDropping,
          "dropping table "
              + table(dataset)
              + " (deletionPolicy: Drop): Job "
              + job.getMetadata().getName()
              + (attempt > 1 ? ", attempt " + attempt : ""));
    }
    return waitFor(RECHECK);
  }

  private DeleteControl retry(
      Dataset dataset, LakehouseModel lakehouse, Job failed, Context<Dataset> context) {
    int attempt = attempt(failed);
    Instant now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS);
    // The back-off runs from when the Job controller marked the attempt failed: the operator keeps
    // no state of its own on the Job (its RBAC has no patch on Jobs).
    Instant seen = failedAt(failed).orElse(now);
    Duration backoff = backoff(attempt);
    if (reported.add(failed.getMetadata().getUid())) {
      events.record(
          dataset,
          EventReason.TableDropFailed,
          "attempt "
              + attempt
              + " to drop table "
              + table(dataset)
              + " failed: "
              + terminationMessage(failed, context.getClient())
              + "; retrying in "
              + backoff.toSeconds()
              + " s");
    }
    Instant retryAt = seen.plus(backoff);
    if (now.isBefore(retryAt)) {
      return waitFor(Duration.between(now, retryAt));
    }
    // The next attempt gets its own Job; the failed one goes, with its pod.
    context
        .getClient()
        .resource(failed)
        .withPropagationPolicy(DeletionPropagation.BACKGROUND)
        .delete();
    return start(dataset, lakehouse, attempt + 1, context);
  }

  /** Doubles from {@link #FIRST_BACKOFF} with each failed attempt, up to {@link #MAX_BACKOFF}. */
  static Duration backoff(int failedAttempts) {
    Duration backoff = FIRST_BACKOFF.multipliedBy(1L << Math.min(failedAttempts - 1, 10));
    return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
  }

  private static Optional<Job> latestAttempt(Dataset dataset, Context<Dataset> context) {
    String name = dataset.getMetadata().getName();
    return DatasetInformers.dropJobs(context)
        .list(
            dataset.getMetadata().getNamespace(),
            j -> name.equals(j.getMetadata().getLabels().get(Labels.DATASET)))
        .max(Comparator.comparingInt(TableDrop::attempt));
  }

  private static int attempt(Job job) {
    String attempt = job.getMetadata().getLabels().get(Labels.ATTEMPT);
    return attempt == null ? 1 : Integer.parseInt(attempt);
  }

  /** When the Job's Failed condition became true, else when the Job was created. */
  static Optional<Instant> failedAt(Job job) {
    var conditions = job.getStatus() == null ? null : job.getStatus().getConditions();
    Optional<String> time =
        Optional.ofNullable(conditions).orElse(List.of()).stream()
            .filter(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()))
            .map(c -> c.getLastTransitionTime())
            .filter(Objects::nonNull)
            .findFirst()
            .or(() -> Optional.ofNullable(job.getMetadata().getCreationTimestamp()));
    return time.map(Instant::parse);
  }

  /** What the job wrote to its termination log, or what Kubernetes said about its pod. */
  static String terminationMessage(Job job, KubernetesClient client) {
    List<Pod> pods =
        client
            .pods()
            .inNamespace(job.getMetadata().getNamespace())
            .withLabel(JOB_NAME, job.getMetadata().getName())
            .list()
            .getItems();
    return terminationMessage(pods)
        .orElse("no message from its pod; see kubectl logs job/" + job.getMetadata().getName());
  }

  static Optional<String> terminationMessage(List<Pod> pods) {
    return pods.stream()
        .filter(p -> p.getStatus() != null)
        .flatMap(
            p ->
                Stream.concat(
                    Optional.ofNullable(p.getStatus().getContainerStatuses())
                        .orElse(List.of())
                        .stream()
                        .map(ContainerStatus::getState)
                        .filter(Objects::nonNull)
                        .map(s -> s.getTerminated())
                        .filter(Objects::nonNull)
                        .map(TableDrop::describe),
                    Stream.ofNullable(p.getStatus().getMessage())))
        .filter(m -> !m.isBlank())
        .findFirst();
  }

  private static String describe(ContainerStateTerminated terminated) {
    String message = terminated.getMessage();
    if (message != null && !message.isBlank()) {
      return message.strip();
    }
    return "exit code " + terminated.getExitCode() + " (" + terminated.getReason() + ")";
  }

  private static String table(Dataset dataset) {
    return dataset.getSpec().table.qualifiedName();
  }

  private static DeleteControl waitFor(Duration delay) {
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(Math.max(1_000, delay.toMillis()));
  }
}
