package dev.lakehouse.operator.run;

import dev.lakehouse.api.job.JobExitCode;
import dev.lakehouse.api.run.FailureClass;
import dev.lakehouse.operator.k8s.Readiness;
import dev.lakehouse.operator.pods.JobsImagePod;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a failed attempt from what Kubernetes reports about its Job and pod, and sorts it into a
 * retry budget: the platform's failures (eviction, OOM kill, image pull, lost node, a service the
 * job needed) and the job's own (bad configuration, refused data), the latter told by the exit code
 * and one-line message the job leaves in its termination log.
 */
public final class FailureClassifier {
  /** An image pull may fail briefly (a registry hiccup); only a lasting failure ends an attempt. */
  public static final Duration IMAGE_PULL_GRACE = Duration.ofMinutes(2);

  private static final Set<String> PULL_ERRORS = Set.of("ErrImagePull", "ImagePullBackOff");
  private static final Set<String> CONFIG_ERRORS =
      Set.of("InvalidImageName", "CreateContainerConfigError", "CreateContainerError");
  private static final int MAX_MESSAGE = 600;

  private FailureClassifier() {}

  /** The failure of the attempt, if it failed (or can no longer succeed). */
  public static Optional<AttemptFailure> classify(Job job, List<Pod> pods, Instant now) {
    for (Pod pod : pods) {
      Optional<AttemptFailure> failure = classify(pod, now);
      if (failure.isPresent()) {
        return failure;
      }
    }
    if (job != null && Readiness.of(job) == Readiness.JobOutcome.FAILED) {
      String detail =
          failedCondition(job).map(c -> c.getReason() + ": " + c.getMessage()).orElse("failed");
      return Optional.of(
          pods.isEmpty()
              ? AttemptFailure.infrastructure(
                  "PodLost",
                  "the Job's pod is gone (its node was lost or the pod was deleted); Job "
                      + job.getMetadata().getName()
                      + " "
                      + detail)
              : AttemptFailure.infrastructure(
                  "JobFailed", "Job " + job.getMetadata().getName() + " " + detail));
    }
    return Optional.empty();
  }

  /** The scheduler's PodScheduled=False condition of the first pod it could not place. */
  public static Optional<PodCondition> unschedulable(List<Pod> pods) {
    return pods.stream().flatMap(p -> unschedulable(p).stream()).findFirst();
  }

  /** Whether the pod is bound to a node. */
  public static boolean scheduled(Pod pod) {
    return conditions(pod).stream()
        .anyMatch(c -> "PodScheduled".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static Optional<PodCondition> unschedulable(Pod pod) {
    return conditions(pod).stream()
        .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
        .findFirst();
  }

  /** Why a pod that has not failed is not running yet (unschedulable, pulling), for the status. */
  public static Optional<String> waitingNote(List<Pod> pods) {
    for (Pod pod : pods) {
      Optional<PodCondition> unschedulable = unschedulable(pod);
      if (unschedulable.isPresent()) {
        return Optional.of(
            "pod "
                + pod.getMetadata().getName()
                + " cannot be scheduled: "
                + unschedulable.get().getMessage());
      }
      Optional<ContainerStateWaiting> waiting =
          container(pod).map(s -> s.getState() == null ? null : s.getState().getWaiting());
      if (waiting.isPresent() && PULL_ERRORS.contains(waiting.get().getReason())) {
        return Optional.of(
            "pod "
                + pod.getMetadata().getName()
                + " cannot pull its image yet: "
                + waiting.get().getMessage());
      }
    }
    return Optional.empty();
  }

  private static Optional<AttemptFailure> classify(Pod pod, Instant now) {
    var status = pod.getStatus();
    if (status == null) {
      return Optional.empty();
    }
    String name = pod.getMetadata().getName();
    if ("Evicted".equals(status.getReason())) {
      return Optional.of(
          AttemptFailure.infrastructure(
              "Evicted", "pod " + name + " was evicted: " + text(status.getMessage())));
    }
    if ("NodeLost".equals(status.getReason()) || "Unknown".equals(status.getPhase())) {
      return Optional.of(
          AttemptFailure.infrastructure(
              "NodeLost", "the node running pod " + name + " stopped responding"));
    }
    Optional<PodCondition> disruption =
        conditions(pod).stream()
            .filter(c -> "DisruptionTarget".equals(c.getType()) && "True".equals(c.getStatus()))
            .findFirst();
    if (disruption.isPresent()) {
      return Optional.of(
          AttemptFailure.infrastructure(
              disruption.get().getReason(),
              "pod "
                  + name
                  + " was stopped by the cluster ("
                  + disruption.get().getReason()
                  + "): "
                  + text(disruption.get().getMessage())));
    }
    Optional<ContainerStatus> container = container(pod);
    if (container.isPresent() && container.get().getState() != null) {
      var state = container.get().getState();
      if (state.getTerminated() != null && !exitedCleanly(state.getTerminated())) {
        return Optional.of(terminated(pod, state.getTerminated()));
      }
      if (state.getWaiting() != null) {
        Optional<AttemptFailure> stuck = waiting(pod, container.get(), now);
        if (stuck.isPresent()) {
          return stuck;
        }
      }
    }
    if ("Failed".equals(status.getPhase())) {
      return Optional.of(
          AttemptFailure.infrastructure(
              "PodFailed",
              "pod " + name + " failed: " + text(status.getReason() + ": " + status.getMessage())));
    }
    return Optional.empty();
  }

  private static AttemptFailure terminated(Pod pod, ContainerStateTerminated terminated) {
    int exit = terminated.getExitCode();
    if ("OOMKilled".equals(terminated.getReason())) {
      return AttemptFailure.infrastructure(
          "OOMKilled",
          "the ingestion container was killed at its memory limit"
              + memoryLimit(pod)
              + " (OOMKilled); raise spec.resources.limits.memory or lower spec.batchSize");
    }
    Optional<JobExitCode> code = JobExitCode.of(exit);
    String said =
        Optional.ofNullable(terminated.getMessage())
            .map(String::strip)
            .filter(m -> !m.isEmpty())
            .map(FailureClassifier::lastLine)
            .orElse("no message");
    String reason = code.map(FailureClassifier::camelCase).orElse("ExitCode" + exit);
    String message = "the job exited with code " + exit + ": " + said;
    boolean infrastructure =
        code.map(c -> c.kind() == FailureClass.Infrastructure).orElse(exit > 128);
    return infrastructure
        ? AttemptFailure.infrastructure(reason, message)
        : AttemptFailure.application(reason, message);
  }

  private static Optional<AttemptFailure> waiting(Pod pod, ContainerStatus container, Instant now) {
    ContainerStateWaiting waiting = container.getState().getWaiting();
    String reason = waiting.getReason();
    if (CONFIG_ERRORS.contains(reason)) {
      return Optional.of(
          AttemptFailure.application(
              reason,
              "pod "
                  + pod.getMetadata().getName()
                  + " cannot start: "
                  + text(waiting.getMessage())));
    }
    if (PULL_ERRORS.contains(reason) && olderThan(pod, IMAGE_PULL_GRACE, now)) {
      return Optional.of(
          AttemptFailure.infrastructure(
              "ImagePullFailed",
              "cannot pull image "
                  + container.getImage()
                  + " for "
                  + IMAGE_PULL_GRACE.toMinutes()
                  + " minutes: "
                  + text(waiting.getMessage())));
    }
    return Optional.empty();
  }

  private static boolean exitedCleanly(ContainerStateTerminated terminated) {
    return terminated.getExitCode() != null && terminated.getExitCode() == 0;
  }

  private static boolean olderThan(Pod pod, Duration age, Instant now) {
    String created = pod.getMetadata().getCreationTimestamp();
    return created == null || Instant.parse(created).plus(age).isBefore(now);
  }

  private static Optional<ContainerStatus> container(Pod pod) {
    List<ContainerStatus> statuses =
        pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
    if (statuses == null) {
      return Optional.empty();
    }
    return statuses.stream()
        .filter(s -> JobsImagePod.CONTAINER.equals(s.getName()))
        .findFirst()
        .or(() -> statuses.stream().findFirst());
  }

  private static List<PodCondition> conditions(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getConditions() == null
        ? List.of()
        : pod.getStatus().getConditions();
  }

  private static Optional<JobCondition> failedCondition(Job job) {
    return job.getStatus().getConditions().stream()
        .filter(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst();
  }

  private static String memoryLimit(Pod pod) {
    return pod.getSpec() == null
        ? ""
        : pod.getSpec().getContainers().stream()
            .filter(c -> c.getResources() != null && c.getResources().getLimits() != null)
            .map(c -> c.getResources().getLimits().get("memory"))
            .filter(q -> q != null)
            .findFirst()
            .map(q -> " of " + q)
            .orElse("");
  }

  /** With FallbackToLogsOnError the message may be a log tail: its last line says the most. */
  private static String lastLine(String text) {
    String[] lines = text.split("\\R");
    return text(lines[lines.length - 1]);
  }

  private static String text(String message) {
    String value = message == null || message.isBlank() ? "no details" : message.strip();
    return value.length() > MAX_MESSAGE ? value.substring(0, MAX_MESSAGE) + "..." : value;
  }

  static String camelCase(JobExitCode code) {
    StringBuilder out = new StringBuilder();
    for (String word : code.name().toLowerCase(Locale.ROOT).split("_")) {
      out.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
    }
    return out.toString();
  }
}
