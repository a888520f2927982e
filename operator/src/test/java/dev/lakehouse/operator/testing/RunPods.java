package dev.lakehouse.operator.testing;

import static org.awaitility.Awaitility.await;

import dev.lakehouse.kubetesting.TestKubelet;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Objects;

/**
 * Ends the pods of ingestion Jobs the ways a cluster ends them (success, eviction, OOM kill, an
 * exit code with a termination message, a lost node, an image that cannot be pulled, preemption).
 * The real Job controller makes the pods and turns their end into the Job's status; the test
 * kubelet runs them until then.
 */
public final class RunPods {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final KubernetesClient client;
  private final TestKubelet kubelet;
  private final String namespace;

  public RunPods(TestCluster cluster) {
    this(cluster, cluster.namespace());
  }

  public RunPods(TestCluster cluster, String namespace) {
    this.client = cluster.client();
    this.kubelet = cluster.kubelet();
    this.namespace = namespace;
  }

  /** Waits until the Job controller made the Job's pod and the kubelet runs it. */
  public Pod start(String jobName) {
    return await()
        .atMost(WAIT)
        .until(
            () ->
                client
                    .pods()
                    .inNamespace(namespace)
                    .withLabel("job-name", jobName)
                    .list()
                    .getItems()
                    .stream()
                    .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                    .filter(
                        p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
                    .findFirst()
                    .orElse(null),
            Objects::nonNull);
  }

  public void succeed(String jobName) {
    kubelet.terminate(namespace, pod(jobName), 0, "Completed", null);
  }

  public void evict(String jobName) {
    kubelet.editStatus(
        namespace,
        pod(jobName),
        s ->
            new PodStatusBuilder(s)
                .withPhase("Failed")
                .withReason("Evicted")
                .withMessage("The node was low on resource: memory.")
                .build());
  }

  public void oomKill(String jobName) {
    kubelet.terminate(namespace, pod(jobName), 137, "OOMKilled", null);
  }

  /** The job exits by itself with a code and the line it wrote to its termination log. */
  public void exit(String jobName, int code, String message) {
    kubelet.terminate(namespace, pod(jobName), code, "Error", message);
  }

  /** The node went away: the pod is removed without ever reporting an end. */
  public void loseNode(String jobName) {
    client.pods().inNamespace(namespace).withName(pod(jobName)).withGracePeriod(0).delete();
  }

  /**
   * From now on, the Job's pod never starts: it stays Pending, its image cannot be pulled. Call it
   * before the Job exists.
   */
  public AutoCloseable imagePullBackOff(String jobName) {
    return kubelet.runWith(
        p -> jobName.equals(p.getMetadata().getLabels().get("job-name")),
        pod -> {
          pod.waiting("ImagePullBackOff", "Back-off pulling image \"registry.invalid/jobs:0\"");
          pod.awaitStop();
        });
  }

  /**
   * From now on, the Job's pods cannot be placed: they stay Pending with the scheduler's reason.
   * Call it before the Job exists.
   */
  public AutoCloseable cannotSchedule(String jobName, String message) {
    return kubelet.cannotSchedule(
        p -> jobName.equals(p.getMetadata().getLabels().get("job-name")), message);
  }

  /** A preemption or API eviction, reported as a DisruptionTarget condition. */
  public void preempt(String jobName) {
    kubelet.editStatus(
        namespace,
        pod(jobName),
        s ->
            new PodStatusBuilder(s)
                .withPhase("Failed")
                .addToConditions(
                    new PodConditionBuilder()
                        .withType("DisruptionTarget")
                        .withStatus("True")
                        .withReason("PreemptionByScheduler")
                        .withMessage("preempted by a higher-priority pod")
                        .build())
                .build());
  }

  private String pod(String jobName) {
    return start(jobName).getMetadata().getName();
  }
}
