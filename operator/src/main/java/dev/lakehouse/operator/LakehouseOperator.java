package dev.lakehouse.operator;

import dev.lakehouse.operator.dataset.DatasetReconciler;
import dev.lakehouse.operator.k8s.EventRecorder;
import dev.lakehouse.operator.k8s.ObjectApplier;
import dev.lakehouse.operator.lakehouse.LakehouseReconciler;
import dev.lakehouse.operator.monitoring.HealthChecks;
import dev.lakehouse.operator.monitoring.Leadership;
import dev.lakehouse.operator.monitoring.LoggingEnvironment;
import dev.lakehouse.operator.monitoring.OperatorHttpServer;
import dev.lakehouse.operator.monitoring.OperatorMetrics;
import dev.lakehouse.operator.query.ClusterQueryConnections;
import dev.lakehouse.operator.query.QueryConnections;
import dev.lakehouse.operator.query.QueryReconciler;
import dev.lakehouse.operator.run.IngestionRunReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the operator: one JOSDK controller per custom resource, and an HTTP server with {@code
 * /metrics} (Prometheus), {@code /healthz} (liveness) and {@code /readyz} (readiness).
 *
 * <p>{@link #main} reads the environment (the Helm chart sets it):
 *
 * <ul>
 *   <li>{@code LAKEHOUSE_WATCH_NAMESPACES}: comma-separated namespaces to watch; empty (the
 *       default) watches all.
 *   <li>{@code LAKEHOUSE_HTTP_PORT}: the HTTP server's port on all interfaces, 8080 by default.
 *   <li>{@code LAKEHOUSE_LEADER_ELECTION}: {@code true} to reconcile only while holding a Lease, so
 *       several replicas can run; {@code false} by default.
 *   <li>{@code LAKEHOUSE_LEADER_ELECTION_LEASE}: the Lease's name, {@code lakehouse-operator} by
 *       default.
 *   <li>{@code LAKEHOUSE_POD_NAMESPACE}: the Lease's namespace (the chart sets the pod's own from
 *       the downward API); required with leader election. A replica's identity in the Lease is its
 *       {@code HOSTNAME}, the pod's name.
 *   <li>{@code LAKEHOUSE_LOG_FORMAT} ({@code json} or {@code text}) and {@code LAKEHOUSE_LOG_LEVEL}
 *       ({@code INFO}): read by logback.xml, checked here.
 *   <li>{@code LAKEHOUSE_QUERY_WORKERS} and {@code LAKEHOUSE_IMAGE_*}: see {@link
 *       OperatorSettings}.
 * </ul>
 */
public final class LakehouseOperator {
  private static final Logger LOG = LoggerFactory.getLogger(LakehouseOperator.class);

  private final Operator operator;
  private final QueryReconciler queries;
  private final Leadership leadership;
  private final HealthChecks health;
  private final OperatorHttpServer http;

  public LakehouseOperator(
      KubernetesClient client, OperatorSettings settings, Set<String> namespaces) {
    this(client, settings, namespaces, Clock.systemUTC());
  }

  /** With the clock schedules, back-offs and timestamps are read from (tests move it). */
  public LakehouseOperator(
      KubernetesClient client, OperatorSettings settings, Set<String> namespaces, Clock clock) {
    this(client, settings, namespaces, clock, clusterQueryConnections(client));
  }

  /** With how Queries reach Trino and the bucket (tests point them at local servers). */
  public LakehouseOperator(
      KubernetesClient client,
      OperatorSettings settings,
      Set<String> namespaces,
      Clock clock,
      QueryConnections queryConnections) {
    this(client, settings, namespaces, clock, queryConnections, OperatorOptions.embedded());
  }

  /** With the HTTP port and leader election. */
  public LakehouseOperator(
      KubernetesClient client,
      OperatorSettings settings,
      Set<String> namespaces,
      Clock clock,
      QueryConnections queryConnections,
      OperatorOptions options) {
    this.leadership =
        options.leaderElection().isPresent()
            ? Leadership.elected(options.onLeaseLost())
            : Leadership.single();
    var metrics = new OperatorMetrics(leadership);
    // Server-side apply stays off for the primary, for a reason the real API server showed: JOSDK
    // 5.2.3 applies the Lakehouse status with the cached resourceVersion in the body, so a status
    // write from a lagging cache (an operator just restarted) meets a 409 and the reconcile retries
    // with more writes (LakehouseOperatorIT's restart test failed 2 runs in 7 with it on, 0 in 5
    // off). Its merge-patch path sends no resourceVersion. No JOSDK dependent resources are used
    // (ObjectApplier writes the children), so that setting stays off too.
    this.operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withUseSSAToPatchPrimaryResource(false)
                  .withSSABasedCreateUpdateMatchForDependentResources(false)
                  .withMetrics(metrics.josdk());
              options
                  .leaderElection()
                  .ifPresent(lease -> o.withLeaderElectionConfiguration(leaderElection(lease)));
            });
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
    this.health = new HealthChecks(operator::getRuntimeInfo, leadership);
    this.http = new OperatorHttpServer(options.httpPort(), metrics::scrape, health);
  }

  private static ClusterQueryConnections clusterQueryConnections(KubernetesClient client) {
    return new ClusterQueryConnections(
        client, Path.of(System.getProperty("java.io.tmpdir"), "lakehouse-results"));
  }

  /**
   * JOSDK's exit on a lost lease is off: it would also exit on a deliberate {@link #stop()}, which
   * ends leadership the same way. {@link Leadership} tells the two apart.
   */
  private LeaderElectionConfiguration leaderElection(OperatorOptions.Lease lease) {
    var builder =
        LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(lease.name())
            .withLeaseNamespace(lease.namespace())
            .withLeaderCallbacks(leadership.callbacks())
            .withExitOnStopLeading(false);
    if (lease.identity() != null) {
      builder.withIdentity(lease.identity());
    }
    return builder.build();
  }

  /** Retries failed reconciles forever, backing off from 2 s to 5 min. */
  static GenericRetry retry() {
    return GenericRetry.defaultLimitedExponentialRetry()
        .withoutMaxAttempts()
        .setInitialInterval(2_000)
        .setIntervalMultiplier(2)
        .setMaxInterval(300_000);
  }

  /**
   * Serves /metrics, /healthz and /readyz. {@link #start()} calls it first, so that probes answer
   * while the informers sync.
   */
  public void startHttpServer() {
    http.start();
  }

  /** The HTTP server's port, once started. */
  public int httpPort() {
    return http.port();
  }

  /**
   * Starts the HTTP server, then the operator; returns once the informers synced. With leader
   * election the controllers reconcile only after this replica took the lease.
   */
  public void start() {
    startHttpServer();
    try {
      operator.start();
    } catch (RuntimeException e) {
      http.stop();
      throw e;
    }
    health.started();
  }

  public void stop() {
    leadership.releasing();
    health.stopping();
    try {
      operator.stop();
      queries.close();
    } finally {
      http.stop();
    }
  }

  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    OperatorOptions options;
    OperatorSettings settings;
    try {
      LoggingEnvironment.check(env);
      options = OperatorOptions.fromEnvironment(env);
      settings = OperatorSettings.fromEnvironment(env);
    } catch (IllegalArgumentException e) {
      // Straight to stderr: with a bad LAKEHOUSE_LOG_FORMAT logback has no appender.
      System.err.println("lakehouse-operator: " + e.getMessage());
      System.exit(2);
      return;
    }
    String watched = env.getOrDefault("LAKEHOUSE_WATCH_NAMESPACES", "");
    Set<String> namespaces =
        Arrays.stream(watched.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toSet());
    KubernetesClient client = new KubernetesClientBuilder().build();
    var lakehouseOperator =
        new LakehouseOperator(
            client,
            settings,
            namespaces,
            Clock.systemUTC(),
            clusterQueryConnections(client),
            options);
    Runtime.getRuntime().addShutdownHook(new Thread(lakehouseOperator::stop));
    try {
      lakehouseOperator.start();
    } catch (RuntimeException e) {
      LOG.error("the operator could not start", e);
      System.exit(1);
    }
  }
}
