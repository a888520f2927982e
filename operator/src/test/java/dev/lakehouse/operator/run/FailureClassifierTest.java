package dev.lakehouse.operator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.run.FailureClass;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {
  static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

  @Test
  void eachWayAPodEndsDrawsFromTheRightBudget() {
    assertThat(classify(phase("Failed").withReason("Evicted").withMessage("low on memory")))
        .hasValue(
            new AttemptFailure(
                FailureClass.Infrastructure, "Evicted", "pod p was evicted: low on memory"));
    assertThat(classify(terminated(137, "OOMKilled", null)).map(AttemptFailure::reason))
        .hasValue("OOMKilled");
    assertThat(classify(terminated(11, "Error", "too many rejected rows")))
        .hasValue(
            new AttemptFailure(
                FailureClass.Application,
                "DataRejected",
                "the job exited with code 11: too many rejected rows"));
    assertThat(
            classify(terminated(10, "Error", "stack\ntrace\nbad SQL")).map(AttemptFailure::message))
        .hasValue("the job exited with code 10: bad SQL");
    assertThat(
            classify(terminated(12, "Error", "S3 unreachable")).map(AttemptFailure::failureClass))
        .hasValue(FailureClass.Infrastructure);
    assertThat(classify(terminated(3, "Error", null)).map(AttemptFailure::failureClass))
        .hasValue(FailureClass.Infrastructure);
    assertThat(classify(terminated(1, "Error", null)).map(AttemptFailure::failureClass))
        .hasValue(FailureClass.Application);
    assertThat(classify(terminated(139, "Error", null)).map(AttemptFailure::reason))
        .hasValue("ExitCode139");
    assertThat(classify(phase("Unknown")).map(AttemptFailure::reason)).hasValue("NodeLost");
    assertThat(
            classify(
                phase("Failed")
                    .withConditions(
                        new PodConditionBuilder()
                            .withType("DisruptionTarget")
                            .withStatus("True")
                            .withReason("DeletionByTaintManager")
                            .build())))
        .map(AttemptFailure::failureClass)
        .hasValue(FailureClass.Infrastructure);
  }

  @Test
  void aRunningOrCleanlyFinishedPodIsNoFailure() {
    assertThat(classify(phase("Running"))).isEmpty();
    assertThat(classify(terminated(0, "Completed", null))).isEmpty();
  }

  @Test
  void anImagePullFailureCountsOnlyAfterTheGracePeriod() {
    Pod young = waiting("ImagePullBackOff", NOW.minusSeconds(30));
    Pod old =
        waiting("ImagePullBackOff", NOW.minus(FailureClassifier.IMAGE_PULL_GRACE).minusSeconds(1));
    assertThat(FailureClassifier.classify(null, List.of(young), NOW)).isEmpty();
    assertThat(FailureClassifier.waitingNote(List.of(young)))
        .hasValueSatisfying(n -> assertThat(n).contains("cannot pull its image"));
    assertThat(FailureClassifier.classify(null, List.of(old), NOW).map(AttemptFailure::reason))
        .hasValue("ImagePullFailed");
    assertThat(
            FailureClassifier.classify(
                    null, List.of(waiting("CreateContainerConfigError", NOW)), NOW)
                .map(AttemptFailure::failureClass))
        .hasValue(FailureClass.Application);
  }

  @Test
  void aFailedJobWithoutItsPodIsALostPod() {
    Job failed =
        new JobBuilder()
            .withNewMetadata()
            .withName("r-1")
            .endMetadata()
            .withNewStatus()
            .addNewCondition()
            .withType("Failed")
            .withStatus("True")
            .withReason("BackoffLimitExceeded")
            .withMessage("limit")
            .endCondition()
            .endStatus()
            .build();
    assertThat(FailureClassifier.classify(failed, List.of(), NOW).map(AttemptFailure::reason))
        .hasValue("PodLost");
  }

  @Test
  void backOffDoublesAndIsCapped() {
    assertThat(RunStateMachine.backoff(10, 1)).isEqualTo(Duration.ofSeconds(10));
    assertThat(RunStateMachine.backoff(10, 3)).isEqualTo(Duration.ofSeconds(40));
    assertThat(RunStateMachine.backoff(3600, 5)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void executorHeapLeavesSparksOverheadInsideThePod() {
    long gib = 1024L * 1024 * 1024;
    assertThat(RunObjects.heapMiB(2 * gib)).isEqualTo(1664);
    assertThat(RunObjects.heapMiB(8 * gib)).isEqualTo(7447);
    assertThat(new RunNames("a".repeat(63)).job(12)).hasSizeLessThanOrEqualTo(63).endsWith("-12");
    assertThat(new RunNames("a".repeat(63)).job(1))
        .isNotEqualTo(new RunNames("a".repeat(62)).job(1));
  }

  private static Optional<AttemptFailure> classify(
      io.fabric8.kubernetes.api.model.PodStatusBuilder status) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("p")
            .endMetadata()
            .withStatus(status.build())
            .build();
    return FailureClassifier.classify(null, List.of(pod), NOW);
  }

  private static io.fabric8.kubernetes.api.model.PodStatusBuilder phase(String phase) {
    return new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase(phase);
  }

  private static io.fabric8.kubernetes.api.model.PodStatusBuilder terminated(
      int code, String reason, String message) {
    return phase(code == 0 ? "Succeeded" : "Failed")
        .withContainerStatuses(
            new ContainerStatusBuilder()
                .withName("job")
                .withNewState()
                .withNewTerminated()
                .withExitCode(code)
                .withReason(reason)
                .withMessage(message)
                .endTerminated()
                .endState()
                .build());
  }

  private static Pod waiting(String reason, Instant created) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("p")
        .withCreationTimestamp(created.toString())
        .endMetadata()
        .withStatus(
            phase("Pending")
                .withContainerStatuses(
                    new ContainerStatusBuilder()
                        .withName("job")
                        .withImage("img")
                        .withNewState()
                        .withNewWaiting()
                        .withReason(reason)
                        .withMessage("details")
                        .endWaiting()
                        .endState()
                        .build())
                .build())
        .build();
  }
}
