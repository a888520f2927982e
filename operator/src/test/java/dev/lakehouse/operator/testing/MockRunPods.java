package dev.lakehouse.operator.testing;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;

/**
 * On fabric8's mock API server: plays the Job controller and kubelet for ingestion Jobs: starts a
 * Job's pod and ends it the ways a cluster ends pods (success, eviction, OOM kill, an exit code
 * with a termination message, a lost node, an image that cannot be pulled).
 */
public final class MockRunPods {
  private final KubernetesClient client;
  private final String namespace;

  public MockRunPods(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** The Job's pod, created from its template and running. */
  public Pod start(String jobName) {
    Job job = job(jobName);
    var labels = new HashMap<>(job.getSpec().getTemplate().getMetadata().getLabels());
    labels.put("batch.kubernetes.io/job-name", jobName);
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(jobName + "-pod")
            .withNamespace(namespace)
            .withLabels(labels)
            .endMetadata()
            .withSpec(job.getSpec().getTemplate().getSpec())
            .build();
    client.pods().inNamespace(namespace).resource(pod).create();
    setPodStatus(
        pod.getMetadata().getName(),
        new PodStatusBuilder()
            .withPhase("Running")
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName("job")
                    .withNewState()
                    .withNewRunning()
                    .endRunning()
                    .endState()
                    .build())
            .build());
    setJobStatus(jobName, new JobStatusBuilder().withActive(1).build());
    return client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).get();
  }

  public void succeed(String jobName) {
    setPodStatus(
        jobName + "-pod",
        new PodStatusBuilder()
            .withPhase("Succeeded")
            .withContainerStatuses(terminated(0, "Completed", null))
            .build());
    setJobStatus(
        jobName,
        new JobStatusBuilder()
            .withSucceeded(1)
            .withConditions(
                new JobConditionBuilder().withType("Complete").withStatus("True").build())
            .build());
  }

  public void evict(String jobName) {
    fail(
        jobName,
        new PodStatusBuilder()
            .withPhase("Failed")
            .withReason("Evicted")
            .withMessage("The node was low on resource: memory.")
            .build());
  }

  public void oomKill(String jobName) {
    fail(
        jobName,
        new PodStatusBuilder()
            .withPhase("Failed")
            .withContainerStatuses(terminated(137, "OOMKilled", null))
            .build());
  }

  /** The job exits by itself with a code and the line it wrote to its termination log. */
  public void exit(String jobName, int code, String message) {
    fail(
        jobName,
        new PodStatusBuilder()
            .withPhase("Failed")
            .withContainerStatuses(terminated(code, "Error", message))
            .build());
  }

  /** The node went away: the pod is deleted and the Job controller counts it failed. */
  public void loseNode(String jobName) {
    client.pods().inNamespace(namespace).withName(jobName + "-pod").delete();
    failJob(jobName);
  }

  /** The pod is still Pending: its image cannot be pulled. */
  public void imagePullBackOff(String jobName) {
    setPodStatus(
        jobName + "-pod",
        new PodStatusBuilder()
            .withPhase("Pending")
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName("job")
                    .withImage("registry.invalid/jobs:0")
                    .withNewState()
                    .withNewWaiting()
                    .withReason("ImagePullBackOff")
                    .withMessage("Back-off pulling image \"registry.invalid/jobs:0\"")
                    .endWaiting()
                    .endState()
                    .build())
            .build());
  }

  /** A preemption or API eviction, reported as a DisruptionTarget condition. */
  public void preempt(String jobName) {
    fail(
        jobName,
        new PodStatusBuilder()
            .withPhase("Failed")
            .withConditions(
                new PodConditionBuilder()
                    .withType("DisruptionTarget")
                    .withStatus("True")
                    .withReason("PreemptionByScheduler")
                    .withMessage("preempted by a higher-priority pod")
                    .build())
            .build());
  }

  private void fail(String jobName, PodStatus status) {
    setPodStatus(jobName + "-pod", status);
    failJob(jobName);
  }

  private void failJob(String jobName) {
    setJobStatus(
        jobName,
        new JobStatusBuilder()
            .withFailed(1)
            .withConditions(
                new JobConditionBuilder()
                    .withType("Failed")
                    .withStatus("True")
                    .withReason("BackoffLimitExceeded")
                    .withMessage("Job has reached the specified backoff limit")
                    .build())
            .build());
  }

  private static io.fabric8.kubernetes.api.model.ContainerStatus terminated(
      int code, String reason, String message) {
    return new ContainerStatusBuilder()
        .withName("job")
        .withNewState()
        .withNewTerminated()
        .withExitCode(code)
        .withReason(reason)
        .withMessage(message)
        .endTerminated()
        .endState()
        .build();
  }

  private Job job(String name) {
    Job job = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
    if (job == null) {
      throw new IllegalStateException("no Job " + name);
    }
    return job;
  }

  private void setPodStatus(String pod, PodStatus status) {
    client
        .pods()
        .inNamespace(namespace)
        .withName(pod)
        .editStatus(
            current -> {
              current.setStatus(status);
              return current;
            });
  }

  private void setJobStatus(String job, io.fabric8.kubernetes.api.model.batch.v1.JobStatus status) {
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(namespace)
        .withName(job)
        .editStatus(
            current -> {
              current.setStatus(status);
              return current;
            });
  }
}
