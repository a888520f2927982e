package dev.lakehouse.operator.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lakehouse.api.common.ConditionTypes;
import dev.lakehouse.api.common.Conditions;
import dev.lakehouse.api.common.Schedule;
import dev.lakehouse.api.query.Query;
import dev.lakehouse.api.query.QueryOutput;
import dev.lakehouse.api.query.QueryPhase;
import dev.lakehouse.api.query.QuerySpec;
import dev.lakehouse.api.query.QueryStatus;
import dev.lakehouse.operator.LakehouseOperator;
import dev.lakehouse.operator.OperatorSettings;
import dev.lakehouse.operator.lakehouse.LakehouseModel;
import dev.lakehouse.operator.testing.CustomResources;
import dev.lakehouse.operator.testing.DemoLakehouse;
import dev.lakehouse.operator.testing.MutableClock;
import dev.lakehouse.operator.testing.TestCluster;
import dev.lakehouse.query.ObjectStore;
import dev.lakehouse.query.QueryEngine;
import dev.lakehouse.query.QueryFailure;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real JOSDK operator against the real API server; Trino is a scripted fake (the real one
 * answers the same reconciler in {@code QueryOnRealServersIT}).
 */
class QueryOperatorIT {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final Duration QUIET = Duration.ofSeconds(3);
  static final String REPORT = "SELECT ip, count(*) AS errors FROM raygun.errors GROUP BY ip";

  TestCluster cluster;
  String ns;
  KubernetesClient client;
  private CustomResources<QueryStatus, Query> queries;
  MutableClock clock;
  ScriptedQueryEngine trino;
  Map<String, String> uploaded;
  LakehouseOperator operator;

  @BeforeEach
  void start() {
    cluster = TestCluster.start("query");
    client = cluster.client();
    ns = cluster.namespace();
    queries = new CustomResources<>(client, Query.class, ns, WAIT);
    clock = MutableClock.startingNow();
    trino = new ScriptedQueryEngine();
    uploaded = new ConcurrentHashMap<>();
    operator = startOperator();
  }

  private LakehouseOperator startOperator() {
    var started =
        new LakehouseOperator(
            cluster.operatorClient(),
            OperatorSettings.defaults(),
            Set.of(ns),
            clock,
            new QueryConnections() {
              @Override
              public QueryEngine engine(LakehouseModel lakehouse) {
                return trino;
              }

              @Override
              public ObjectStore store(LakehouseModel lakehouse) {
                return (key, file, type) -> {
                  uploaded.put(key, type);
                  return "s3://" + lakehouse.bucket() + "/" + key;
                };
              }
            });
    started.start();
    return started;
  }

  @AfterEach
  void stop() {
    operator.stop();
    cluster.close();
  }

  @Test
  void waitsForItsLakehouseThenPutsTheResultInItsStatus() {
    trino.answer(
        REPORT,
        r -> ScriptedQueryEngine.rows(List.of(List.of("10.0.0.1", "3"), List.of("10.0.0.2", "1"))));
    queries.create(query("report", REPORT, s -> s.schema = "raygun"));
    awaitPending(
        "report", "LakehouseNotFound", "Lakehouse \"demo\" (spec.lakehouse) does not exist");

    createLakehouse();
    awaitPending("report", "LakehouseNotReady", "Lakehouse \"demo\" is not ready");
    assertThat(trino.calls).isEmpty();

    makeLakehouseReady();
    Query done = awaitPhase("report", QueryPhase.Succeeded);
    QueryStatus status = done.getStatus();
    assertThat(status.columns)
        .extracting(c -> c.name + " " + c.type)
        .containsExactly("ip varchar", "errors bigint");
    assertThat(status.rows).containsExactly(List.of("10.0.0.1", "3"), List.of("10.0.0.2", "1"));
    assertThat(status.rowCount).isEqualTo(2);
    assertThat(status.truncated).isFalse();
    assertThat(status.trinoQueryId).isEqualTo("20261122_000000_00001_abcde");
    assertThat(status.duration).isNotBlank();
    assertThat(status.observedGeneration).isEqualTo(1);
    assertThat(status.error).isNull();
    assertThat(condition(done, ConditionTypes.COMPLETE).getStatus()).isEqualTo("True");
    assertThat(condition(done, ConditionTypes.FAILED).getStatus()).isEqualTo("False");
    await()
        .atMost(WAIT)
        .until(
            () ->
                reasons("report")
                    .containsAll(
                        List.of(
                            "LakehouseNotFound",
                            "LakehouseNotReady",
                            "QueryStarted",
                            "QuerySucceeded")));

    var request = trino.callsOf(REPORT).get(0).request();
    assertThat(request.schema()).isEqualTo("raygun");
    assertThat(request.maxRows()).isEqualTo(100);
    assertThat(request.timeout()).isEqualTo(Duration.ofSeconds(600));
    assertThat(request.maxPreviewBytes()).isLessThanOrEqualTo(256 * 1024);

    // Nothing changes: no second run, no write.
    String version = queries.get("report").getMetadata().getResourceVersion();
    sleep(QUIET);
    assertThat(trino.callsOf(REPORT)).hasSize(1);
    assertThat(queries.get("report").getMetadata().getResourceVersion()).isEqualTo(version);
  }

  @Test
  void aNewSpecCancelsTheRunningQueryInTrinoAndRunsTheNewSql() {
    readyLakehouse();
    String slow = "SELECT count(*) FROM big CROSS JOIN big -- sleep";
    queries.create(query("adhoc", slow, s -> {}));
    awaitPhase("adhoc", QueryPhase.Running);
    await().atMost(WAIT).until(() -> trino.callsOf(slow).size() == 1);

    trino.answer(REPORT, r -> ScriptedQueryEngine.rows(List.of(List.of("10.0.0.9", "7"))));
    queries.edit("adhoc", q -> q.getSpec().sql = REPORT);

    Query done = awaitPhase("adhoc", QueryPhase.Succeeded);
    assertThat(trino.callsOf(slow).get(0).cancellation().reason()).contains("spec changed");
    assertThat(done.getStatus().rows).containsExactly(List.of("10.0.0.9", "7"));
    assertThat(done.getStatus().observedGeneration).isEqualTo(2);
    await().atMost(WAIT).until(() -> reasons("adhoc").contains("QueryCancelled"));
  }

  @Test
  void deletingAQueryCancelsItsTrinoQuery() {
    readyLakehouse();
    String slow = "SELECT sleep";
    queries.create(query("gone", slow, s -> {}));
    await().atMost(WAIT).until(() -> trino.callsOf(slow).size() == 1);

    client.resources(Query.class).inNamespace(ns).withName("gone").delete();

    await().atMost(WAIT).until(() -> trino.callsOf(slow).get(0).cancellation().isCancelled());
    assertThat(trino.callsOf(slow).get(0).cancellation().reason())
        .isEqualTo("the Query was deleted");
    await().atMost(WAIT).until(() -> queries.get("gone") == null);
  }

  @Test
  void trinosErrorIsFinalAndLandsInStatusAndAnEvent() {
    readyLakehouse();
    String insert = "INSERT INTO raygun.errors VALUES ('x')";
    String denied =
        "Query failed (#20261122_1): Access Denied: Cannot insert into table lakehouse.raygun.errors";
    trino.answer(
        insert,
        r -> {
          throw ScriptedQueryEngine.failure(QueryFailure.Kind.FAILED, denied);
        });
    queries.create(query("write", insert, s -> {}));

    Query failed = awaitPhase("write", QueryPhase.Failed);
    assertThat(failed.getStatus().error).isEqualTo(denied);
    assertThat(failed.getStatus().trinoQueryId).isEqualTo("20261122_000000_00002_abcde");
    Condition condition = condition(failed, ConditionTypes.FAILED);
    assertThat(condition.getStatus()).isEqualTo("True");
    assertThat(condition.getReason()).isEqualTo("TrinoError");
    await().atMost(WAIT).until(() -> messages("write", "QueryFailed").contains(denied));
    sleep(QUIET);
    assertThat(trino.callsOf(insert)).hasSize(1);
  }

  @Test
  void aTimeoutFailsTheQueryWithItsOwnReason() {
    readyLakehouse();
    String heavy = "SELECT * FROM huge";
    trino.answer(
        heavy,
        r -> {
          throw ScriptedQueryEngine.failure(
              QueryFailure.Kind.TIMED_OUT, "Query exceeded maximum time limit of 5.00s");
        });
    queries.create(query("heavy", heavy, s -> s.timeoutSeconds = 5));

    Query failed = awaitPhase("heavy", QueryPhase.Failed);
    assertThat(condition(failed, ConditionTypes.FAILED).getReason()).isEqualTo("TimedOut");
    assertThat(trino.callsOf(heavy).get(0).request().timeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void anUnreachableTrinoIsRetriedWithBackOff() {
    readyLakehouse();
    AtomicInteger attempts = new AtomicInteger();
    trino.answer(
        REPORT,
        r -> {
          if (attempts.incrementAndGet() == 1) {
            throw ScriptedQueryEngine.failure(
                QueryFailure.Kind.UNAVAILABLE,
                "cannot reach Trino at jdbc:trino://demo-trino." + ns + ".svc:8080/lakehouse");
          }
          return ScriptedQueryEngine.rows(List.of(List.of("10.0.0.1", "3")));
        });
    queries.create(query("report", REPORT, s -> {}));

    Query waiting = awaitPhase("report", QueryPhase.Failed);
    assertThat(waiting.getStatus().error)
        .contains("cannot reach Trino")
        .contains("retry 1 of 5 in 15.0s");
    assertThat(waiting.getStatus().retries).isEqualTo(1);
    assertThat(condition(waiting, ConditionTypes.FAILED).getReason()).isEqualTo("Unavailable");
    sleep(QUIET);
    assertThat(attempts.get()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(16));
    poke();
    Query done = awaitPhase("report", QueryPhase.Succeeded);
    assertThat(done.getStatus().retries).isNull();
    assertThat(attempts.get()).isEqualTo(2);
  }

  @Test
  void theFullResultGoesToTheBucketUnderTheOutputPrefix() {
    readyLakehouse();
    trino.answer(REPORT, r -> ScriptedQueryEngine.rows(List.of(List.of("10.0.0.1", "3"))));
    queries.create(
        query(
            "export",
            REPORT,
            s -> {
              s.output = new QueryOutput();
              s.output.path = "reports/top-ips/";
              s.output.format = QueryOutput.Format.parquet;
            }));

    Query done = awaitPhase("export", QueryPhase.Succeeded);
    String key = trino.callsOf(REPORT).get(0).request().output().key();
    assertThat(key).matches("reports/top-ips/export-\\d{8}T\\d{6}Z\\.parquet");
    assertThat(uploaded).containsKey(key);
    assertThat(done.getStatus().output.location).isEqualTo("s3://lakehouse/" + key);
    assertThat(done.getStatus().output.format).isEqualTo(QueryOutput.Format.parquet);
    assertThat(done.getStatus().output.bytes).isPositive();
  }

  @Test
  void aScheduledQueryRunsAgainAtEachTick() {
    readyLakehouse();
    trino.answer(REPORT, r -> ScriptedQueryEngine.rows(List.of(List.of("10.0.0.1", "3"))));
    // A minute half an hour away: no tick falls between the clock's start and the creation.
    int minute = (clock.instant().atZone(ZoneOffset.UTC).getMinute() + 30) % 60;
    queries.create(
        query(
            "hourly",
            REPORT,
            s -> {
              s.schedule = new Schedule();
              s.schedule.cron = minute + " * * * *";
            }));
    Query first = awaitPhase("hourly", QueryPhase.Succeeded);
    Instant tick = Instant.parse(first.getStatus().nextScheduleTime);
    assertThat(trino.callsOf(REPORT)).hasSize(1);

    clock.advance(Duration.between(clock.instant(), tick.plusSeconds(5)));
    poke();
    await().atMost(WAIT).until(() -> trino.callsOf(REPORT).size() == 2);
    Query second =
        queries.awaitStatus(
            "hourly",
            s -> tick.toString().equals(s.lastScheduleTime) && s.phase == QueryPhase.Succeeded);
    assertThat(Instant.parse(second.getStatus().nextScheduleTime)).isAfter(tick);
    sleep(QUIET);
    assertThat(trino.callsOf(REPORT)).hasSize(2);
  }

  @Test
  void aRunLostInAnOperatorRestartRunsAgain() {
    readyLakehouse();
    String slow = "SELECT sleep";
    queries.create(query("lost", slow, s -> {}));
    await().atMost(WAIT).until(() -> trino.callsOf(slow).size() == 1);
    awaitPhase("lost", QueryPhase.Running);

    operator.stop();
    operator = startOperator();

    await().atMost(WAIT).until(() -> trino.callsOf(slow).size() == 2);
    await()
        .atMost(WAIT)
        .until(
            () ->
                messages("lost", "QueryStarted").stream()
                    .anyMatch(m -> m.contains("the operator restarted while it ran")));
  }

  // --- helpers

  Query query(String name, String sql, Consumer<QuerySpec> customize) {
    Query query = new Query();
    query.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
    QuerySpec spec = new QuerySpec();
    spec.lakehouse = "demo";
    spec.sql = sql;
    customize.accept(spec);
    query.setSpec(spec);
    return query;
  }

  private Query awaitPhase(String name, QueryPhase phase) {
    return queries.awaitStatus(name, s -> s.phase == phase);
  }

  private void awaitPending(String name, String reason, String message) {
    Query pending =
        queries.awaitStatus(
            name,
            s ->
                s.phase == QueryPhase.Pending
                    && Conditions.find(s.conditions, ConditionTypes.COMPLETE)
                        .map(c -> reason.equals(c.getReason()))
                        .orElse(false));
    assertThat(pending.getStatus().error).contains(message);
  }

  private static Condition condition(Query query, String type) {
    return Conditions.find(query.getStatus().conditions, type).orElseThrow();
  }

  private List<Event> events(String name) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .filter(e -> "Query".equals(e.getInvolvedObject().getKind()))
        .toList();
  }

  private List<String> reasons(String name) {
    return events(name).stream().map(Event::getReason).toList();
  }

  private List<String> messages(String name, String reason) {
    return events(name).stream()
        .filter(e -> reason.equals(e.getReason()))
        .map(Event::getMessage)
        .toList();
  }

  private void createLakehouse() {
    DemoLakehouse.create(client, ns);
  }

  private void makeLakehouseReady() {
    DemoLakehouse.makeReady(cluster);
  }

  private void readyLakehouse() {
    DemoLakehouse.createReady(cluster);
  }

  private void poke() {
    DemoLakehouse.poke(client, ns);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
