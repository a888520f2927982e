package dev.lakehouse.operator.testing;

import dev.lakehouse.operator.k8s.Labels;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/**
 * On fabric8's mock API server (only the chart's RBAC scenario still runs there): plays kubelet and
 * the workload controllers, writing the status they would write.
 */
public final class MockKubelet {
  private final KubernetesClient client;

  public MockKubelet(KubernetesClient client) {
    this.client = client;
  }

  /** Every Deployment and StatefulSet of the lakehouse reports all replicas ready. */
  public void markWorkloadsReady(String namespace, String lakehouse) {
    Map<String, String> owned = Map.of(Labels.LAKEHOUSE, lakehouse);
    client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withLabels(owned)
        .list()
        .getItems()
        .forEach(
            d ->
                client
                    .apps()
                    .deployments()
                    .inNamespace(namespace)
                    .withName(d.getMetadata().getName())
                    .editStatus(
                        current -> {
                          int replicas = current.getSpec().getReplicas();
                          current.setStatus(
                              new DeploymentStatusBuilder()
                                  .withReplicas(replicas)
                                  .withReadyReplicas(replicas)
                                  .withUpdatedReplicas(replicas)
                                  .withAvailableReplicas(replicas)
                                  .withObservedGeneration(current.getMetadata().getGeneration())
                                  .build());
                          return current;
                        }));
    client
        .apps()
        .statefulSets()
        .inNamespace(namespace)
        .withLabels(owned)
        .list()
        .getItems()
        .forEach(
            s ->
                client
                    .apps()
                    .statefulSets()
                    .inNamespace(namespace)
                    .withName(s.getMetadata().getName())
                    .editStatus(
                        current -> {
                          int replicas = current.getSpec().getReplicas();
                          current.setStatus(
                              new StatefulSetStatusBuilder()
                                  .withReplicas(replicas)
                                  .withReadyReplicas(replicas)
                                  .withUpdatedReplicas(replicas)
                                  .withCurrentRevision("r1")
                                  .withUpdateRevision("r1")
                                  .withObservedGeneration(current.getMetadata().getGeneration())
                                  .build());
                          return current;
                        }));
  }

  /** The named Job finished: succeeded or failed for good. */
  public void finishJob(String namespace, String name, boolean succeeded) {
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(namespace)
        .withName(name)
        .editStatus(
            current -> {
              current.setStatus(
                  succeeded
                      ? new JobStatusBuilder().withSucceeded(1).build()
                      : new JobStatusBuilder()
                          .withFailed(5)
                          .withConditions(
                              new JobConditionBuilder()
                                  .withType("Failed")
                                  .withStatus("True")
                                  .withReason("BackoffLimitExceeded")
                                  .build())
                          .build());
              return current;
            });
  }
}
