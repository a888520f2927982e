package dev.lakehouse.operator.lakehouse;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * A volume size the spec changed. A StatefulSet's {@code volumeClaimTemplates} cannot change, so a
 * bigger size goes to the claim the StatefulSet controller made, which the cluster expands where
 * its storage class allows ({@code allowVolumeExpansion}); a smaller one cannot be had at all.
 */
final class VolumeExpansion {
  private VolumeExpansion() {}

  /** What became of the claims of one StatefulSet: a change made, or why none could be. */
  record Result(Optional<String> change, Optional<String> problem) {
    static final Result NONE = new Result(Optional.empty(), Optional.empty());
  }

  /** The claim of the StatefulSet's single pod, grown to the template's size if it is smaller. */
  static Result apply(KubernetesClient client, StatefulSet desired) {
    var template = desired.getSpec().getVolumeClaimTemplates().get(0);
    String claimName =
        template.getMetadata().getName() + "-" + desired.getMetadata().getName() + "-0";
    String ns = desired.getMetadata().getNamespace();
    PersistentVolumeClaim claim =
        client.persistentVolumeClaims().inNamespace(ns).withName(claimName).get();
    if (claim == null) {
      return Result.NONE; // not made yet: the StatefulSet controller makes it at the new size
    }
    Quantity wanted = template.getSpec().getResources().getRequests().get("storage");
    Quantity requested = claim.getSpec().getResources().getRequests().get("storage");
    int order = bytes(wanted).compareTo(bytes(requested));
    if (order == 0) {
      return Result.NONE;
    }
    String described = "PersistentVolumeClaim " + claimName;
    if (order < 0) {
      return new Result(
          Optional.empty(),
          Optional.of(
              described
                  + " has "
                  + requested
                  + " and a volume cannot shrink to "
                  + wanted
                  + ": put the size back, or move the data to a new Lakehouse"));
    }
    client
        .persistentVolumeClaims()
        .inNamespace(ns)
        .withName(claimName)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"resources\":{\"requests\":{\"storage\":\"" + wanted + "\"}}}}");
    return new Result(
        Optional.of("expanded " + described + " from " + requested + " to " + wanted),
        Optional.empty());
  }

  private static BigDecimal bytes(Quantity quantity) {
    return Quantity.getAmountInBytes(quantity);
  }
}
