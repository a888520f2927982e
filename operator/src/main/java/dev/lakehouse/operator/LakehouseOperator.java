package dev.lakehouse.operator;

import dev.lakehouse.operator.dataset.DatasetReconciler;
import dev.lakehouse.operator.k8s.EventRecorder;
import dev.lakehouse.operator.k8s.ObjectApplier;
import dev.lakehouse.operator.lakehouse.LakehouseReconciler;
import dev.lakehouse.operator.query.ClusterQueryConnections;
import dev.lakehouse.operator.query.QueryConnections;
import dev.lakehouse.operator.query.QueryReconciler;
import dev.lakehouse.operator.run.IngestionRunReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** Starts the operator: one JOSDK controller per custom resource. */
public final class LakehouseOperator {
  private final Operator operator;
  private final QueryReconciler queries;

  public LakehouseOperator(
      KubernetesClient client, OperatorSettings settings, Set<String> namespaces) {
    this(client, settings, namespaces, Clock.systemUTC());
  }

  /** With the clock schedules, back-offs and timestamps are read from (tests move it). */
  public LakehouseOperator(
      KubernetesClient client, OperatorSettings settings, Set<String> namespaces, Clock clock) {
    this(
        client,
        settings,
        namespaces,
        clock,
        new ClusterQueryConnections(
            client, Path.of(System.getProperty("java.io.tmpdir"), "lakehouse-results")));
  }

  /** With how Queries reach Trino and the bucket (tests point them at local servers). */
  public LakehouseOperator(
      KubernetesClient client,
      OperatorSettings settings,
      Set<String> namespaces,
      Clock clock,
      QueryConnections queryConnections) {
    // Server-side apply is off for the primary and its dependents: the same code path runs against
    // fabric8's mock API server in the tests, which only speaks JSON (merge) patch.
    this.operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false));
    var events = new EventRecorder(client, clock);
    var applier = new ObjectApplier(client);
    operator.register(
        new LakehouseReconciler(settings, events, applier, clock),
        c -> {
          c.withRetry(retry()).withReconciliationMaxInterval(Duration.ofMinutes(10));
          if (!namespaces.isEmpty()) {
            c.settingNamespaces(namespaces);
          }
        });
    // Status-only changes must reach the run reconciler: the job pod's checkpoint patches are how
    // it learns about progress.
    operator.register(
        new IngestionRunReconciler(settings, events, applier, clock),
        c -> {
          c.withRetry(retry())
              .withGenerationAware(false)
              .withReconciliationMaxInterval(Duration.ofMinutes(10));
          if (!namespaces.isEmpty()) {
            c.settingNamespaces(namespaces);
          }
        });
    operator.register(
        new DatasetReconciler(settings, events, applier, clock),
        c -> {
          c.withRetry(retry()).withReconciliationMaxInterval(Duration.ofMinutes(10));
          if (!namespaces.isEmpty()) {
            c.settingNamespaces(namespaces);
          }
        });
    this.queries =
        new QueryReconciler(
            settings, events, clock, queryConnections, settings.queryWorkerThreads());
    operator.register(
        queries,
        c -> {
          c.withRetry(retry()).withReconciliationMaxInterval(Duration.ofMinutes(10));
          if (!namespaces.isEmpty()) {
            c.settingNamespaces(namespaces);
          }
        });
  }

  /** Retries failed reconciles forever, backing off from 2 s to 5 min. */
  static GenericRetry retry() {
    return GenericRetry.defaultLimitedExponentialRetry()
        .withoutMaxAttempts()
        .setInitialInterval(2_000)
        .setIntervalMultiplier(2)
        .setMaxInterval(300_000);
  }

  public void start() {
    operator.start();
  }

  public void stop() {
    operator.stop();
    queries.close();
  }

  public static void main(String[] args) {
    String watched = System.getenv().getOrDefault("LAKEHOUSE_WATCH_NAMESPACES", "");
    Set<String> namespaces =
        Arrays.stream(watched.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toSet());
    KubernetesClient client = new KubernetesClientBuilder().build();
    var lakehouseOperator =
        new LakehouseOperator(
            client, OperatorSettings.fromEnvironment(System.getenv()), namespaces);
    Runtime.getRuntime().addShutdownHook(new Thread(lakehouseOperator::stop));
    lakehouseOperator.start();
  }
}
