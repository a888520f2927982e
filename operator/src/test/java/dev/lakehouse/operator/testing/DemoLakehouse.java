package dev.lakehouse.operator.testing;

import static org.awaitility.Awaitility.await;

import dev.lakehouse.api.lakehouse.Lakehouse;
import dev.lakehouse.operator.lakehouse.Lakehouses;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/** The Lakehouse {@code demo} that Datasets and Queries in the operator tests point at. */
public final class DemoLakehouse {
  public static final String NAME = "demo";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final AtomicInteger POKES = new AtomicInteger();

  private DemoLakehouse() {}

  public static void create(KubernetesClient client, String namespace) {
    create(client, namespace, UnaryOperator.identity());
  }

  /** The demo Lakehouse with its spec changed first (e.g. {@code Lakehouses::withMinio}). */
  public static void create(
      KubernetesClient client, String namespace, UnaryOperator<Lakehouse> change) {
    Lakehouse fresh = new Lakehouse();
    fresh.setMetadata(new ObjectMetaBuilder().withName(NAME).withNamespace(namespace).build());
    fresh.setSpec(change.apply(Lakehouses.demo(NAME, namespace)).getSpec());
    client.resources(Lakehouse.class).inNamespace(namespace).resource(fresh).create();
  }

  /**
   * Waits for the workloads' pods to run (SeaweedFS creates its bucket itself) and until the
   * operator reports the Lakehouse Ready.
   */
  public static void makeReady(TestCluster cluster) {
    makeReady(cluster, cluster.namespace());
  }

  /** As {@link #makeReady(TestCluster)}, for the Lakehouse of another namespace. */
  public static void makeReady(TestCluster cluster, String namespace) {
    KubernetesClient client = cluster.client();
    awaitWorkloadsCreated(client, namespace);
    var kubelet = new Kubelet(cluster);
    kubelet.awaitWorkloadsReady(namespace, NAME);
    awaitReady(client, namespace);
  }

  private static void awaitWorkloadsCreated(KubernetesClient client, String namespace) {
    await()
        .atMost(WAIT)
        .until(
            () ->
                client
                        .apps()
                        .deployments()
                        .inNamespace(namespace)
                        .withName(NAME + "-trino-worker")
                        .get()
                    != null);
  }

  private static void awaitReady(KubernetesClient client, String namespace) {
    await()
        .atMost(WAIT)
        .until(
            () -> client.resources(Lakehouse.class).inNamespace(namespace).withName(NAME).get(),
            l -> l.getStatus() != null && "Ready".equals(l.getStatus().phase));
  }

  /** After a spec change: the workloads rolled out again and the Lakehouse is Ready. */
  public static void awaitReadyAgain(TestCluster cluster, String namespace) {
    new Kubelet(cluster).awaitWorkloadsReady(namespace, NAME);
    awaitReady(cluster.client(), namespace);
  }

  public static void createReady(TestCluster cluster) {
    create(cluster.client(), cluster.namespace());
    makeReady(cluster);
  }

  /**
   * Touches the Lakehouse: what depends on it reconciles now (and reads a moved clock), not when a
   * timer set by the old time fires.
   */
  public static void poke(KubernetesClient client, String namespace) {
    OnConflict.retry(
        () ->
            client
                .resources(Lakehouse.class)
                .inNamespace(namespace)
                .withName(NAME)
                .edit(
                    l -> {
                      var annotations =
                          new HashMap<>(
                              Optional.ofNullable(l.getMetadata().getAnnotations())
                                  .orElse(Map.of()));
                      annotations.put(
                          "test.lakehouse.dev/poke", Integer.toString(POKES.incrementAndGet()));
                      l.getMetadata().setAnnotations(annotations);
                      return l;
                    }));
  }
}
