package dev.lakehouse.operator.k8s;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.net.HttpURLConnection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates or updates owned objects. The desired object's hash is stamped on it, and an object whose
 * stamp matches is left alone: server-side defaults never look like drift, and an unchanged
 * resource costs no write.
 */
public class ObjectApplier {
  private static final Logger LOG = LoggerFactory.getLogger(ObjectApplier.class);

  /** What apply did. */
  public enum Outcome {
    CREATED,
    UPDATED,
    REPLACED,
    UNCHANGED
  }

  private final KubernetesClient client;

  public ObjectApplier(KubernetesClient client) {
    this.client = client;
  }

  public <T extends HasMetadata> Outcome apply(
      T desired, InformerEventSource<T, ?> cache, ResourceID primary) {
    String hash = ContentHash.of(desired);
    var annotations =
        new HashMap<>(Optional.ofNullable(desired.getMetadata().getAnnotations()).orElse(Map.of()));
    annotations.put(Labels.APPLIED_HASH, hash);
    desired.getMetadata().setAnnotations(annotations);

    ResourceID id = ResourceID.fromResource(desired);
    Optional<T> existing = cache.get(id);
    if (existing.isEmpty()) {
      return create(desired, cache, primary);
    }
    T current = existing.get();
    String currentHash =
        Optional.ofNullable(current.getMetadata().getAnnotations())
            .map(a -> a.get(Labels.APPLIED_HASH))
            .orElse(null);
    if (hash.equals(currentHash)) {
      return Outcome.UNCHANGED;
    }
    if (desired instanceof Job) {
      // A Job's pod template is immutable: a changed Job is replaced.
      client.resource(current).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
      create(desired, cache, primary);
      return Outcome.REPLACED;
    }
    if (desired instanceof StatefulSet wanted && current instanceof StatefulSet running) {
      // volumeClaimTemplates cannot change (the API server refuses the whole update): they stay as
      // created, and a new size goes to the claims themselves (see VolumeExpansion).
      wanted.getSpec().setVolumeClaimTemplates(running.getSpec().getVolumeClaimTemplates());
    }
    desired.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
    T updated = client.resource(desired).update();
    cache.handleRecentResourceUpdate(primary, updated, current);
    LOG.info("updated {} {}/{}", desired.getKind(), id.getNamespace().orElse(""), id.getName());
    return Outcome.UPDATED;
  }

  /** Creates the object; a null cache is for objects no informer watches. */
  private <T extends HasMetadata> Outcome create(
      T desired, InformerEventSource<T, ?> cache, ResourceID primary) {
    try {
      T created = client.resource(desired).create();
      if (cache != null) {
        cache.handleRecentResourceCreate(primary, created);
      }
      LOG.info(
          "created {} {}/{}",
          desired.getKind(),
          desired.getMetadata().getNamespace(),
          desired.getMetadata().getName());
      return Outcome.CREATED;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        // The cache lagged behind an earlier create; the next event brings the object.
        return Outcome.UNCHANGED;
      }
      throw e;
    }
  }

  /** Creates the object only when it does not exist; never touches an existing one. */
  public <T extends HasMetadata> boolean createIfAbsent(
      T desired, InformerEventSource<T, ?> cache, ResourceID primary) {
    if (cache != null && cache.get(ResourceID.fromResource(desired)).isPresent()) {
      return false;
    }
    // The cache may lag: ask the server before creating what must be created only once.
    if (client.resource(desired).get() != null) {
      return false;
    }
    return create(desired, cache, primary) == Outcome.CREATED;
  }

  /** The same for an object no informer watches: the server alone decides. */
  public <T extends HasMetadata> boolean createIfAbsent(T desired) {
    return createIfAbsent(desired, null, null);
  }

  public static String describe(HasMetadata object) {
    return object.getKind() + "/" + object.getMetadata().getName();
  }
}
