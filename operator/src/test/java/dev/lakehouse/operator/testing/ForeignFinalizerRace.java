package dev.lakehouse.operator.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Another controller's finalizer on an object, dropped at the worst moment: just before the
 * operator's first metadata patch of the object (after it was deleted, the patch that removes the
 * operator's finalizer) leaves. The operator's JSON Patch then addresses a list index that moved,
 * the API server refuses it (422), and JOSDK reads the object again and retries: the conflict path
 * a cluster with more than one controller takes, and RBAC must allow.
 */
public final class ForeignFinalizerRace implements Interceptor {
  public static final String FINALIZER = "backup.example.com/protect";

  private final KubernetesClient admin;
  private final Map<String, HasMetadata> armed = new ConcurrentHashMap<>();
  private final Set<String> fired = ConcurrentHashMap.newKeySet();

  /** {@code admin} plays the other controller. */
  public ForeignFinalizerRace(KubernetesClient admin) {
    this.admin = admin;
  }

  /** Creates the object with the foreign finalizer, which stays first in the list. */
  public void createWithForeignFinalizer(HasMetadata object) {
    object.getMetadata().setFinalizers(List.of(FINALIZER));
    admin.resource(object).create();
  }

  /** The next metadata patch of this object by the operator meets the race. */
  public void arm(HasMetadata object) {
    armed.put(path(object), object);
  }

  /** Whether the race ran for this object. */
  public boolean fired(HasMetadata object) {
    return fired.contains(path(object));
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    if (!"PATCH".equals(request.method())) {
      return;
    }
    String path = request.uri().getRawPath();
    HasMetadata object = armed.remove(path);
    if (object == null) {
      return;
    }
    admin
        .resource(object)
        .patch(
            PatchContext.of(PatchType.JSON),
            "[{\"op\":\"test\",\"path\":\"/metadata/finalizers/0\",\"value\":\""
                + FINALIZER
                + "\"},{\"op\":\"remove\",\"path\":\"/metadata/finalizers/0\"}]");
    fired.add(path);
  }

  /** The request path of an object, as the client sends it. */
  private static String path(HasMetadata object) {
    return "/apis/"
        + HasMetadata.getApiVersion(object.getClass())
        + "/namespaces/"
        + object.getMetadata().getNamespace()
        + "/"
        + HasMetadata.getPlural(object.getClass())
        + "/"
        + object.getMetadata().getName();
  }
}
