package dev.lakehouse.operator.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The storage provisioner's part, which no test cluster has: storage classes, and a volume for a
 * claim that the real PV controller then binds to it. Closing removes what it made.
 */
public final class TestProvisioner implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String OWNER = "test.lakehouse.dev/provisioned-for";

  private final KubernetesClient admin;
  private final String namespace;
  private final List<String> classes = new ArrayList<>();

  public TestProvisioner(KubernetesClient admin, String namespace) {
    this.admin = admin;
    this.namespace = namespace;
  }

  /** A storage class of this test, named {@code <prefix>-<namespace>}. */
  public String storageClass(String prefix, boolean allowsExpansion) {
    String name = prefix + "-" + namespace;
    admin
        .storage()
        .v1()
        .storageClasses()
        .resource(
            new StorageClassBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(name).build())
                .withProvisioner("test.lakehouse.dev/local")
                .withAllowVolumeExpansion(allowsExpansion)
                .withVolumeBindingMode("Immediate")
                .build())
        .create();
    classes.add(name);
    return name;
  }

  /** Waits for the claim, makes its volume, and waits until the PV controller bound them. */
  public void bind(String claimName, String storageClass, String size) {
    await().atMost(WAIT).until(() -> claim(claimName) != null);
    PersistentVolumeClaim claim = claim(claimName);
    admin
        .persistentVolumes()
        .resource(
            new PersistentVolumeBuilder()
                .withNewMetadata()
                .withName(namespace + "-" + claimName)
                .addToLabels(OWNER, namespace)
                .endMetadata()
                .withNewSpec()
                .withStorageClassName(storageClass)
                .addToCapacity("storage", new Quantity(size))
                .withAccessModes("ReadWriteOnce")
                .withNewHostPath()
                .withPath("/tmp/" + namespace + "/" + claimName)
                .endHostPath()
                .withNewClaimRef()
                .withNamespace(namespace)
                .withName(claimName)
                .withUid(claim.getMetadata().getUid())
                .endClaimRef()
                .endSpec()
                .build())
        .create();
    await().atMost(WAIT).until(() -> "Bound".equals(claim(claimName).getStatus().getPhase()));
  }

  public PersistentVolumeClaim claim(String name) {
    return admin.persistentVolumeClaims().inNamespace(namespace).withName(name).get();
  }

  @Override
  public void close() {
    classes.forEach(c -> admin.storage().v1().storageClasses().withName(c).delete());
    admin.persistentVolumes().withLabel(OWNER, namespace).delete();
  }
}
