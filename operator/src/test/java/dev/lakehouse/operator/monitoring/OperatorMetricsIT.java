package dev.lakehouse.operator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.lakehouse.api.dataset.Dataset;
import dev.lakehouse.api.query.Query;
import dev.lakehouse.api.query.QueryPhase;
import dev.lakehouse.api.query.QuerySpec;
import dev.lakehouse.api.query.QueryStatus;
import dev.lakehouse.api.run.IngestionRun;
import dev.lakehouse.api.run.IngestionRunSpec;
import dev.lakehouse.api.run.IngestionRunStatus;
import dev.lakehouse.api.run.RunPhase;
import dev.lakehouse.checkpoint.KubernetesCheckpointStore;
import dev.lakehouse.operator.LakehouseOperator;
import dev.lakehouse.operator.OperatorOptions;
import dev.lakehouse.operator.OperatorSettings;
import dev.lakehouse.operator.dataset.Datasets;
import dev.lakehouse.operator.lakehouse.LakehouseModel;
import dev.lakehouse.operator.query.QueryConnections;
import dev.lakehouse.operator.testing.CustomResources;
import dev.lakehouse.operator.testing.DemoLakehouse;
import dev.lakehouse.operator.testing.JobPodCheckpoints;
import dev.lakehouse.operator.testing.RunPods;
import dev.lakehouse.operator.testing.TestCluster;
import dev.lakehouse.query.Cancellation;
import dev.lakehouse.query.ObjectStore;
import dev.lakehouse.query.QueryEngine;
import dev.lakehouse.query.QueryRequest;
import dev.lakehouse.query.QueryResult;
import dev.lakehouse.query.ResultColumn;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The real operator on the mock API server, scraped over HTTP as Prometheus would: reconciles per
 * kind, IngestionRuns per phase and the batches and rows a job pod reports through its checkpoint.
 */
class OperatorMetricsIT {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final List<String> KINDS = List.of("Lakehouse", "Dataset", "IngestionRun", "Query");

  TestCluster cluster;
  String ns;
  KubernetesClient client;
  CustomResources<IngestionRunStatus, IngestionRun> runs;
  CustomResources<QueryStatus, Query> queries;
  RunPods pods;
  LakehouseOperator operator;
  final AtomicInteger engineCalls = new AtomicInteger();

  /** Keeps each line with the MDC and thread it was logged with (logback reads them lazily). */
  final ListAppender<ILoggingEvent> workerLines =
      new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent line) {
          line.prepareForDeferredProcessing();
          super.append(line);
        }
      };

  @BeforeEach
  void start() {
    cluster = TestCluster.start("metrics");
    client = cluster.client();
    ns = cluster.namespace();
    runs = new CustomResources<>(client, IngestionRun.class, ns, WAIT);
    queries = new CustomResources<>(client, Query.class, ns, WAIT);
    pods = new RunPods(cluster);
    workerLines.start();
    ((Logger) LoggerFactory.getLogger(Trino.class)).addAppender(workerLines);
    operator = startOperator();
  }

  @AfterEach
  void stop() {
    ((Logger) LoggerFactory.getLogger(Trino.class)).detachAppender(workerLines);
    operator.stop();
    cluster.close();
  }

  @Test
  void reconcilesRunPhasesBatchesAndRowsMoveAsARunProgresses() {
    Scrape first = scrape();
    for (String kind : KINDS) {
      // Every controller's series exists from the start, so rate() sees the first reconcile.
      assertThat(first.value("lakehouse_operator_reconciles_total{kind=\"" + kind + "\"}"))
          .isZero();
      assertThat(first.value("lakehouse_operator_reconcile_errors_total{kind=\"" + kind + "\"}"))
          .isZero();
    }
    assertThat(first.text())
        .contains("# TYPE lakehouse_operator_reconcile_duration_seconds histogram\n")
        .contains("# TYPE lakehouse_operator_batches_committed_total counter\n")
        .contains("# TYPE lakehouse_operator_ingestion_runs gauge\n");

    DemoLakehouse.createReady(cluster);
    client.resource(dataset("raygun-errors")).create();
    runs.create(run("raygun-1", "raygun-errors"));
    runs.awaitStatus("raygun-1", s -> s.phase == RunPhase.Running);
    awaitJob("raygun-1-1");
    pods.start("raygun-1-1");
    KubernetesCheckpointStore store = JobPodCheckpoints.store(cluster, ns, "raygun-1");

    store.save(JobPodCheckpoints.after(3, 10, 1));
    Scrape running =
        awaitScrape(
            s ->
                s.value("lakehouse_operator_batches_committed_total") == 3
                    && s.value("lakehouse_operator_ingestion_runs{phase=\"Running\"}") == 1);
    assertThat(running.value("lakehouse_operator_rows_ingested_total")).isEqualTo(15_000);
    assertThat(running.value("lakehouse_operator_rows_rejected_total")).isEqualTo(3);

    store.save(JobPodCheckpoints.after(10, 10, 1));
    pods.succeed("raygun-1-1");
    runs.awaitStatus("raygun-1", s -> s.phase == RunPhase.Succeeded);
    Scrape done =
        awaitScrape(s -> s.value("lakehouse_operator_ingestion_runs{phase=\"Succeeded\"}") == 1);
    assertThat(done.value("lakehouse_operator_ingestion_runs{phase=\"Running\"}")).isZero();
    assertThat(done.value("lakehouse_operator_batches_committed_total")).isEqualTo(10);
    assertThat(done.value("lakehouse_operator_rows_ingested_total")).isEqualTo(50_000);
    for (String kind : List.of("Lakehouse", "Dataset", "IngestionRun")) {
      assertThat(done.value("lakehouse_operator_reconciles_total{kind=\"" + kind + "\"}"))
          .as(kind)
          .isPositive();
      assertThat(
              done.value(
                  "lakehouse_operator_reconcile_duration_seconds_count{kind=\"" + kind + "\"}"))
          .as(kind)
          .isPositive();
    }

    client.resources(IngestionRun.class).inNamespace(ns).withName("raygun-1").delete();
    Scrape deleted =
        awaitScrape(s -> s.value("lakehouse_operator_ingestion_runs{phase=\"Succeeded\"}") == 0);
    // Counters never go back: the run's batches stay counted.
    assertThat(deleted.value("lakehouse_operator_batches_committed_total")).isEqualTo(10);
  }

  @Test
  void afterARestartCountersStartAtZeroAndCountOnlyNewBatches() {
    DemoLakehouse.createReady(cluster);
    client.resource(dataset("raygun-errors")).create();
    runs.create(run("raygun-1", "raygun-errors"));
    awaitJob("raygun-1-1");
    pods.start("raygun-1-1");
    KubernetesCheckpointStore store = JobPodCheckpoints.store(cluster, ns, "raygun-1");
    store.save(JobPodCheckpoints.after(4, 10, 1));
    awaitScrape(s -> s.value("lakehouse_operator_batches_committed_total") == 4);

    operator.stop();
    store.save(JobPodCheckpoints.after(6, 10, 1));
    operator = startOperator();

    // The new process has seen the run (it counts it Running) but none of its 6 batches.
    Scrape restarted =
        awaitScrape(s -> s.value("lakehouse_operator_ingestion_runs{phase=\"Running\"}") == 1);
    assertThat(restarted.value("lakehouse_operator_batches_committed_total")).isZero();

    store.save(JobPodCheckpoints.after(9, 10, 1));
    Scrape later = awaitScrape(s -> s.value("lakehouse_operator_batches_committed_total") == 3);
    assertThat(later.value("lakehouse_operator_rows_ingested_total")).isEqualTo(15_000);
  }

  @Test
  void aFailedReconcileCountsAsAnErrorAndTheQueryWorkerLogsWithItsQuery() {
    DemoLakehouse.createReady(cluster);
    var query = new Query();
    query.setMetadata(new ObjectMetaBuilder().withName("top-ips").withNamespace(ns).build());
    query.setSpec(new QuerySpec());
    query.getSpec().lakehouse = DemoLakehouse.NAME;
    query.getSpec().sql = "SELECT ip, count(*) FROM raygun.errors GROUP BY ip";
    queries.create(query);

    // The first reconcile that reaches for Trino fails; the retry runs the query.
    queries.awaitStatus("top-ips", s -> s.phase == QueryPhase.Succeeded);
    Scrape scrape = scrape();
    assertThat(scrape.value("lakehouse_operator_reconcile_errors_total{kind=\"Query\"}"))
        .isGreaterThanOrEqualTo(1);
    assertThat(scrape.value("lakehouse_operator_reconciles_total{kind=\"Query\"}"))
        .isGreaterThanOrEqualTo(2);

    assertThat(workerLines.list)
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line.getThreadName()).startsWith("query-worker-");
              assertThat(line.getMDCPropertyMap())
                  .containsEntry(ResourceMdc.NAMESPACE, ns)
                  .containsEntry(ResourceMdc.NAME, "top-ips")
                  .containsEntry(ResourceMdc.KIND, "Query");
              assertThat(new JsonLayout().doLayout(line))
                  .contains("\"namespace\":\"" + ns + "\",\"name\":\"top-ips\",\"kind\":\"Query\"");
            });
  }

  // --- helpers

  private LakehouseOperator startOperator() {
    var started =
        new LakehouseOperator(
            cluster.operatorClient(),
            OperatorSettings.defaults(),
            Set.of(ns),
            Clock.systemUTC(),
            new QueryConnections() {
              @Override
              public QueryEngine engine(LakehouseModel lakehouse) {
                if (engineCalls.getAndIncrement() == 0) {
                  throw new IllegalStateException("Trino's Service has no endpoints yet");
                }
                return new Trino();
              }

              @Override
              public ObjectStore store(LakehouseModel lakehouse) {
                return (key, file, type) -> "s3://" + lakehouse.bucket() + "/" + key;
              }
            },
            OperatorOptions.embedded());
    started.start();
    return started;
  }

  /** Trino answering one row, and logging on the worker thread that runs it. */
  static final class Trino implements QueryEngine {
    @Override
    public QueryResult run(QueryRequest request, Cancellation cancellation) {
      LoggerFactory.getLogger(Trino.class).info("running {}", request.sql());
      return new QueryResult(
          List.of(new ResultColumn("ip", "varchar"), new ResultColumn("errors", "bigint")),
          List.of(List.of("10.0.0.1", "3")),
          1,
          false,
          "20260301_000000_00001_abcde",
          Duration.ofMillis(40),
          null);
    }
  }

  private Scrape scrape() {
    return Scrape.of(operator.httpPort());
  }

  private Scrape awaitScrape(Predicate<Scrape> until) {
    return await().atMost(WAIT).until(this::scrape, until);
  }

  private void awaitJob(String name) {
    await()
        .atMost(WAIT)
        .until(() -> client.batch().v1().jobs().inNamespace(ns).withName(name).get() != null);
  }

  private Dataset dataset(String name) {
    return Datasets.bronzeToCreate(name, ns);
  }

  private IngestionRun run(String name, String dataset) {
    var spec = new IngestionRunSpec();
    spec.dataset = dataset;
    var run = new IngestionRun();
    run.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
    run.setSpec(spec);
    return run;
  }
}
