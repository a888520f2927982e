package dev.lakehouse.operator.lakehouse;

import dev.lakehouse.api.lakehouse.Lakehouse;
import dev.lakehouse.api.lakehouse.VolumeRetention;
import dev.lakehouse.operator.k8s.Labels;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Optional;

/**
 * Deletes what a Lakehouse owns: query and metadata services first, storage last. Owner references
 * would let the garbage collector do most of it, but only explicit deletion can honour the volume
 * retention policy for PVCs and generated credentials.
 */
public final class LakehouseCleanup {
  private LakehouseCleanup() {}

  /** Returns what was kept, in words, for the event. */
  public static String delete(KubernetesClient client, Lakehouse lakehouse) {
    String namespace = lakehouse.getMetadata().getNamespace();
    Map<String, String> owned =
        Map.of(
            Labels.LAKEHOUSE, lakehouse.getMetadata().getName(), Labels.MANAGED_BY, Labels.MANAGER);
    client.apps().deployments().inNamespace(namespace).withLabels(owned).delete();
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(namespace)
        .withLabels(owned)
        .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
        .delete();
    client.apps().statefulSets().inNamespace(namespace).withLabels(owned).delete();
    client.services().inNamespace(namespace).withLabels(owned).delete();
    client.configMaps().inNamespace(namespace).withLabels(owned).delete();

    VolumeRetention retention =
        Optional.ofNullable(lakehouse.getSpec())
            .map(s -> s.volumeRetention)
            .orElse(VolumeRetention.Retain);
    if (retention == VolumeRetention.Delete) {
      client.persistentVolumeClaims().inNamespace(namespace).withLabels(owned).delete();
      client.secrets().inNamespace(namespace).withLabels(owned).delete();
      return "volumes and generated credentials deleted (volumeRetention: Delete)";
    }
    return "volumes and generated credentials kept (volumeRetention: Retain): delete the PVCs and"
        + " Secrets labelled "
        + Labels.LAKEHOUSE
        + "="
        + lakehouse.getMetadata().getName()
        + " to free them";
  }
}
