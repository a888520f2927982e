package dev.lakehouse.operator.lakehouse;

import dev.lakehouse.operator.k8s.Labels;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.List;

/**
 * The shape Postgres, SeaweedFS and MinIO share: one pod, one data volume claimed per pod, and a
 * governing headless Service of the same name. The claims follow the Lakehouse's volume retention.
 */
final class SingleReplicaStatefulSet {
  static final String DATA = "data";

  private SingleReplicaStatefulSet() {}

  static StatefulSet build(
      LakehouseModel model,
      String name,
      Component component,
      long uid,
      Container container,
      List<Volume> volumes,
      Quantity size,
      String storageClassName) {
    return new StatefulSetBuilder()
        .withMetadata(model.ownedMeta(name, component))
        .withNewSpec()
        .withReplicas(1)
        .withServiceName(name)
        .withNewSelector()
        .withMatchLabels(model.selector(component))
        .endSelector()
        .withNewPersistentVolumeClaimRetentionPolicy()
        .withWhenDeleted(model.volumeRetention().name())
        .withWhenScaled("Retain")
        .endPersistentVolumeClaimRetentionPolicy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(model.labels(component))
        .addToAnnotations(Labels.SECRET_HASH, model.credentialsHash())
        .endMetadata()
        .withNewSpec()
        .withSecurityContext(PodDefaults.podSecurity(uid))
        .withImagePullSecrets(model.pullSecrets())
        .withContainers(container)
        .withVolumes(volumes)
        .endSpec()
        .endTemplate()
        .withVolumeClaimTemplates(claim(model, component, size, storageClassName))
        .endSpec()
        .build();
  }

  private static PersistentVolumeClaim claim(
      LakehouseModel model, Component component, Quantity size, String storageClassName) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(DATA)
        .withLabels(model.labels(component))
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withStorageClassName(storageClassName)
        .withNewResources()
        .addToRequests("storage", size)
        .endResources()
        .endSpec()
        .build();
  }
}
