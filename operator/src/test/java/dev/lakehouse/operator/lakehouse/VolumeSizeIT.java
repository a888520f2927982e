package dev.lakehouse.operator.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lakehouse.api.common.ConditionTypes;
import dev.lakehouse.api.common.Conditions;
import dev.lakehouse.api.lakehouse.Lakehouse;
import dev.lakehouse.api.lakehouse.LakehouseStatus;
import dev.lakehouse.api.lakehouse.PostgresSpec;
import dev.lakehouse.operator.testing.OnConflict;
import dev.lakehouse.operator.testing.RunningOperator;
import dev.lakehouse.operator.testing.TestProvisioner;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A volume size changed in the spec, on the real API server: the StatefulSet's immutable
 * volumeClaimTemplates stay as created, the claim itself is expanded where its storage class allows
 * it (the real PersistentVolumeClaimResize admission decides), a refusal or a shrink is named in
 * the Applied condition, and the objects after the StatefulSet are still applied. The test plays
 * the storage provisioner: it makes a PersistentVolume for each claim, and the real PV controller
 * binds them.
 */
class VolumeSizeIT {
  static final Duration WAIT = Duration.ofSeconds(60);

  KubernetesClient client;
  String ns;
  RunningOperator running;
  TestProvisioner volumes;
  String expandable;
  String fixed;

  @BeforeEach
  void start() {
    running = RunningOperator.start("volumes");
    client = running.client();
    ns = running.namespace();
    volumes = new TestProvisioner(client, ns);
    expandable = volumes.storageClass("expandable", true);
    fixed = volumes.storageClass("fixed", false);
  }

  @AfterEach
  void stop() {
    volumes.close();
    running.close();
  }

  @Test
  void aBiggerVolumeExpandsTheClaimAndLeavesTheStatefulSetsTemplate() {
    createLakehouse(expandable);
    volumes.bind("data-demo-seaweedfs-0", expandable, "20Gi");

    edit(
        lh -> {
          lh.getSpec().storage.seaweedfs.size = new Quantity("30Gi");
          lh.getSpec().trino.workers = 2;
        });

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(claim("data-demo-seaweedfs-0").getSpec().getResources().getRequests())
                    .containsEntry("storage", new Quantity("30Gi")));
    assertThat(
            client
                .apps()
                .statefulSets()
                .inNamespace(ns)
                .withName("demo-seaweedfs")
                .get()
                .getSpec()
                .getVolumeClaimTemplates()
                .get(0)
                .getSpec()
                .getResources()
                .getRequests())
        .containsEntry("storage", new Quantity("20Gi"));
    awaitTwoWorkers();
    Condition applied = awaitApplied(c -> true);
    assertThat(applied.getStatus()).isEqualTo("True");
    assertThat(
            client.v1().events().inNamespace(ns).list().getItems().stream()
                .map(e -> e.getMessage())
                .toList())
        .anySatisfy(
            m ->
                assertThat(m)
                    .contains(
                        "expanded PersistentVolumeClaim data-demo-seaweedfs-0 from 20Gi to 30Gi"));
  }

  @Test
  void aClassThatCannotExpandAndAShrinkAreNamedAndTheRestIsStillApplied() {
    createLakehouse(fixed);
    volumes.bind("data-demo-seaweedfs-0", fixed, "20Gi");
    volumes.bind("data-demo-postgres-0", fixed, "5Gi");

    edit(
        lh -> {
          lh.getSpec().storage.seaweedfs.size = new Quantity("40Gi");
          lh.getSpec().catalog.postgres.size = new Quantity("1Gi");
          lh.getSpec().trino.workers = 2;
        });

    Condition refused = awaitApplied(c -> "False".equals(c.getStatus()));
    assertThat(refused.getReason()).isEqualTo("ApplyFailed");
    assertThat(refused.getMessage())
        .contains("the volume of StatefulSet/demo-seaweedfs")
        .contains("only dynamically provisioned pvc can be resized")
        .contains(
            "PersistentVolumeClaim data-demo-postgres-0 has 5Gi and a volume cannot shrink to 1Gi");
    // Trino comes after both StatefulSets, and is applied all the same.
    awaitTwoWorkers();
    Lakehouse lakehouse = client.resources(Lakehouse.class).inNamespace(ns).withName("demo").get();
    assertThat(Conditions.find(lakehouse.getStatus().conditions, ConditionTypes.READY))
        .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("False"));
    assertThat(claim("data-demo-seaweedfs-0").getSpec().getResources().getRequests())
        .containsEntry("storage", new Quantity("20Gi"));

    // Put back, the Lakehouse has nothing left to refuse.
    edit(
        lh -> {
          lh.getSpec().storage.seaweedfs.size = new Quantity("20Gi");
          lh.getSpec().catalog.postgres.size = new Quantity("5Gi");
        });
    assertThat(awaitApplied(c -> "True".equals(c.getStatus())).getReason()).isEqualTo("Applied");
  }

  /** The Trino change made with the volume change reached its Deployment. */
  private void awaitTwoWorkers() {
    await()
        .atMost(WAIT)
        .until(
            () ->
                client
                        .apps()
                        .deployments()
                        .inNamespace(ns)
                        .withName("demo-trino-worker")
                        .get()
                        .getSpec()
                        .getReplicas()
                    == 2);
  }

  private void createLakehouse(String storageClass) {
    Lakehouse lakehouse = Lakehouses.demo("demo", ns);
    lakehouse.getMetadata().setUid(null);
    lakehouse.getMetadata().setGeneration(null);
    lakehouse.getSpec().storage.seaweedfs = new dev.lakehouse.api.lakehouse.SeaweedfsSpec();
    lakehouse.getSpec().storage.seaweedfs.storageClassName = storageClass;
    lakehouse.getSpec().catalog = new dev.lakehouse.api.lakehouse.CatalogSpec();
    lakehouse.getSpec().catalog.postgres = new PostgresSpec();
    lakehouse.getSpec().catalog.postgres.storageClassName = storageClass;
    lakehouse.getSpec().trino = new dev.lakehouse.api.lakehouse.TrinoSpec();
    client.resource(lakehouse).create();
  }

  private void edit(Consumer<Lakehouse> change) {
    OnConflict.retry(
        () ->
            client
                .resources(Lakehouse.class)
                .inNamespace(ns)
                .withName("demo")
                .edit(
                    lh -> {
                      change.accept(lh);
                      return lh;
                    }));
  }

  private Condition awaitApplied(java.util.function.Predicate<Condition> until) {
    return await()
        .atMost(WAIT)
        .until(
            () -> {
              Lakehouse lh =
                  client.resources(Lakehouse.class).inNamespace(ns).withName("demo").get();
              LakehouseStatus status = lh == null ? null : lh.getStatus();
              return status == null
                      || status.observedGeneration == null
                      || !status.observedGeneration.equals(lh.getMetadata().getGeneration())
                  ? null
                  : Conditions.find(status.conditions, ConditionTypes.APPLIED).orElse(null);
            },
            c -> c != null && until.test(c));
  }

  private PersistentVolumeClaim claim(String name) {
    return volumes.claim(name);
  }
}
