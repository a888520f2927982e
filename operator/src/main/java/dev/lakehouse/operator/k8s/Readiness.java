package dev.lakehouse.operator.k8s;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Objects;

/** Whether workloads are ready, read from the status their controllers write. */
public final class Readiness {
  private Readiness() {}

  /** Ready pods of a workload against the replicas it wants. */
  public record Replicas(int ready, int desired, boolean rolledOut) {
    public boolean isReady() {
      return rolledOut && ready >= desired;
    }

    public String describe() {
      return ready + "/" + desired + " ready" + (rolledOut ? "" : ", rolling out");
    }
  }

  public static Replicas of(Deployment deployment) {
    int desired = orZero(deployment.getSpec().getReplicas());
    var status = deployment.getStatus();
    if (status == null) {
      return new Replicas(0, desired, desired == 0);
    }
    boolean observed =
        observed(status.getObservedGeneration(), deployment.getMetadata().getGeneration());
    boolean updated = orZero(status.getUpdatedReplicas()) >= desired;
    return new Replicas(orZero(status.getReadyReplicas()), desired, observed && updated);
  }

  public static Replicas of(StatefulSet statefulSet) {
    int desired = orZero(statefulSet.getSpec().getReplicas());
    var status = statefulSet.getStatus();
    if (status == null) {
      return new Replicas(0, desired, desired == 0);
    }
    boolean observed =
        observed(status.getObservedGeneration(), statefulSet.getMetadata().getGeneration());
    boolean updated =
        status.getUpdateRevision() == null
            || Objects.equals(status.getCurrentRevision(), status.getUpdateRevision())
            || orZero(status.getUpdatedReplicas()) >= desired;
    return new Replicas(orZero(status.getReadyReplicas()), desired, observed && updated);
  }

  /** The outcome of a run-to-completion Job. */
  public enum JobOutcome {
    RUNNING,
    SUCCEEDED,
    FAILED
  }

  public static JobOutcome of(Job job) {
    var status = job.getStatus();
    if (status == null) {
      return JobOutcome.RUNNING;
    }
    if (orZero(status.getSucceeded()) > 0) {
      return JobOutcome.SUCCEEDED;
    }
    boolean failed =
        status.getConditions() != null
            && status.getConditions().stream()
                .anyMatch(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()));
    return failed ? JobOutcome.FAILED : JobOutcome.RUNNING;
  }

  /** Whether the controller has seen the current spec (a missing generation counts as seen). */
  private static boolean observed(Long observedGeneration, Long generation) {
    return generation == null || (observedGeneration != null && observedGeneration >= generation);
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
