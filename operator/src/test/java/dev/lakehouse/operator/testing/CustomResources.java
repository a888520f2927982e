package dev.lakehouse.operator.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** One kind of custom resource in one namespace, as the operator tests create and watch it. */
public final class CustomResources<S, T extends CustomResource<?, S>> {
  private final KubernetesClient client;
  private final Class<T> type;
  private final String namespace;
  private final Duration wait;

  public CustomResources(KubernetesClient client, Class<T> type, String namespace, Duration wait) {
    this.client = client;
    this.type = type;
    this.namespace = namespace;
    this.wait = wait;
  }

  public T create(T resource) {
    return client.resources(type).inNamespace(namespace).resource(resource).create();
  }

  public T edit(String name, Consumer<T> change) {
    return OnConflict.retry(
        () ->
            client
                .resources(type)
                .inNamespace(namespace)
                .withName(name)
                .edit(
                    r -> {
                      change.accept(r);
                      return r;
                    }));
  }

  /** The resource, or null when it does not exist. */
  public T get(String name) {
    return client.resources(type).inNamespace(namespace).withName(name).get();
  }

  /** Waits until the resource has a status that passes {@code until}. */
  public T awaitStatus(String name, Predicate<S> until) {
    return await()
        .atMost(wait)
        .until(
            () -> get(name), r -> r != null && r.getStatus() != null && until.test(r.getStatus()));
  }
}
