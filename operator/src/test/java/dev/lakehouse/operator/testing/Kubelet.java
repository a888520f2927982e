package dev.lakehouse.operator.testing;

import static org.awaitility.Awaitility.await;

import dev.lakehouse.kubetesting.TestKubelet;
import dev.lakehouse.operator.k8s.Labels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The test's hand on the pods of a Lakehouse. The real controllers make the pods and the test
 * kubelet runs them (Ready as soon as they start); the test only decides how run-to-completion pods
 * end.
 */
public final class Kubelet {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final KubernetesClient client;
  private final TestKubelet kubelet;

  public Kubelet(TestCluster cluster) {
    this.client = cluster.client();
    this.kubelet = cluster.kubelet();
  }

  /**
   * Waits until every Deployment and StatefulSet of the lakehouse reports all replicas ready, as
   * their controllers compute it from the running pods.
   */
  public void awaitWorkloadsReady(String namespace, String lakehouse) {
    Map<String, String> owned = Map.of(Labels.LAKEHOUSE, lakehouse);
    await()
        .atMost(WAIT)
        .until(
            () -> {
              List<Deployment> deployments =
                  client
                      .apps()
                      .deployments()
                      .inNamespace(namespace)
                      .withLabels(owned)
                      .list()
                      .getItems();
              List<StatefulSet> statefulSets =
                  client
                      .apps()
                      .statefulSets()
                      .inNamespace(namespace)
                      .withLabels(owned)
                      .list()
                      .getItems();
              return !deployments.isEmpty()
                  && deployments.stream()
                      .allMatch(
                          d ->
                              d.getStatus() != null
                                  && orZero(d.getStatus().getReadyReplicas())
                                      == orZero(d.getSpec().getReplicas()))
                  && statefulSets.stream()
                      .allMatch(
                          s ->
                              s.getStatus() != null
                                  && orZero(s.getStatus().getReadyReplicas())
                                      == orZero(s.getSpec().getReplicas()));
            });
  }

  // A workload scaled to zero reports no readyReplicas at all.
  private static int orZero(Integer count) {
    return count == null ? 0 : count;
  }

  /** The named Job's pod ends: exit code 0, or 1 with a termination message. */
  public void finishJob(String namespace, String job, boolean succeeded) {
    Pod pod = jobPod(namespace, job);
    if (succeeded) {
      kubelet.terminate(namespace, pod.getMetadata().getName(), 0, "Completed", null);
    } else {
      kubelet.terminate(namespace, pod.getMetadata().getName(), 1, "Error", "the job failed");
    }
  }

  /** The running pod the Job controller made for the Job. */
  public Pod jobPod(String namespace, String job) {
    return await()
        .atMost(WAIT)
        .until(
            () ->
                client
                    .pods()
                    .inNamespace(namespace)
                    .withLabel("job-name", job)
                    .list()
                    .getItems()
                    .stream()
                    .filter(
                        p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
                    .findFirst()
                    .orElse(null),
            Objects::nonNull);
  }
}
