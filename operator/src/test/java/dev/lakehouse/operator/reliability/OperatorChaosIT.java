package dev.lakehouse.operator.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.dataset.Dataset;
import dev.lakehouse.api.run.IngestionRun;
import dev.lakehouse.api.run.IngestionRunSpec;
import dev.lakehouse.api.run.RetryBudget;
import dev.lakehouse.kubetesting.AuditLog;
import dev.lakehouse.operator.dataset.Datasets;
import dev.lakehouse.operator.testing.DemoLakehouse;
import dev.lakehouse.operator.testing.JobPodCheckpoints;
import dev.lakehouse.operator.testing.OperatorRequests;
import dev.lakehouse.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Operator chaos on the real API server: IngestionRuns progress, their simulated job pods writing
 * checkpoints through the real checkpoint store, while the real operator is stopped or crashes at
 * random points and its status writes meet injected 409 Conflicts. Then, for every run: no attempt
 * got a second Job (counted from the creations the server recorded), the checkpoint never went
 * backwards and is the one the pods wrote last, and the run ended in the phase its pods imply.
 *
 * <p>Smoke size (CI): 6 runs of 4 to 8 batches, 5 restarts. {@code -Dlakehouse.bench.size=full}: 24
 * runs of 4 to 12 batches, 20 restarts. {@code -Dlakehouse.bench.seed=N} replays a seed (thread
 * timing still varies).
 */
class OperatorChaosIT {
  static final String OPERATOR = "lakehouse-operator-chaos";
  static final Duration DRIVE_TIMEOUT = Duration.ofMinutes(10);
  static final Duration FINISH_TIMEOUT = Duration.ofSeconds(90);

  /** The operator names a run's Job {@code <run>-<attempt>}. */
  private static final Pattern JOB_OF_ATTEMPT = Pattern.compile("(run-\\d+)-(\\d+)");

  @Test
  void everyRunEndsRightThroughRestartsAndConflicts() throws Exception {
    BenchSize size = BenchSize.fromSystemProperties();
    System.out.println("OperatorChaosIT: size " + size.name() + ", seed " + size.seed());
    Random random = new Random(size.seed());
    Instant began = Instant.now();
    try (TestCluster cluster = TestCluster.start("chaos");
        KubernetesClient concurrentWriter =
            cluster
                .controlPlane()
                .adminClient(
                    c -> {
                      c.setUserAgent("concurrent-writer");
                      return c;
                    })) {
      KubernetesClient client = cluster.client();
      String ns = cluster.namespace();
      var requests = new OperatorRequests();
      var conflicts =
          new StatusConflictInjector(
              concurrentWriter, ns, new Random(random.nextLong()), 0.3, size.pick(15, 60));
      try (var operator =
              new RestartableOperator(cluster, OPERATOR, Clock.systemUTC(), requests, conflicts);
          var history = new CheckpointHistory(client, ns)) {
        cluster.controlPlane().auditLog().drain();
        operator.start();
        DemoLakehouse.createReady(cluster);
        List<SimulatedJobPods> runs = createRuns(cluster, size, random);

        var driver = new ChaosDriver(operator, runs, cluster, random);
        boolean drove = driver.drive(size.pick(5, 20), DRIVE_TIMEOUT);
        awaitFinished(client, ns, runs);

        Map<String, Map<Integer, Integer>> jobPosts =
            jobCreations(cluster.controlPlane().auditLog().drain(), ns);
        List<RunOutcome> outcomes = new ArrayList<>();
        for (SimulatedJobPods run : runs) {
          outcomes.add(
              RunOutcome.of(
                  run,
                  client.resources(IngestionRun.class).inNamespace(ns).withName(run.run).get(),
                  jobPosts.getOrDefault(run.run, Map.of()),
                  history.regressionsOf(run.run),
                  conflicts.injectedPerRun().getOrDefault(run.run, 0)));
        }
        List<OperatorRequests.Call> statusPuts =
            requests.calls().stream()
                .filter(
                    c ->
                        c.method().equals("PUT")
                            && c.path().matches(".*/ingestionruns/[^/]+/status"))
                .toList();
        var report =
            new ChaosReport(
                size,
                driver.restarts(),
                driver.steps(),
                conflicts.injected(),
                statusPuts.size(),
                (int) statusPuts.stream().filter(c -> c.code() == 409).count(),
                jobPosts.values().stream()
                    .flatMap(m -> m.values().stream())
                    .mapToInt(Integer::intValue)
                    .sum(),
                (int)
                    requests.writes().stream()
                        .filter(c -> c.method().equals("DELETE") && c.path().contains("/jobs/"))
                        .count(),
                outcomes,
                Duration.between(began, Instant.now()));
        BenchReports.publish("operator-chaos.md", report.markdown());

        assertThat(drove)
            .as("the pods could go on to their end (a Job was never created?)")
            .isTrue();
        assertThat(history.closedWith()).as("the checkpoint watch saw every version").isNull();
        assertThat(driver.restarts()).hasSize(size.pick(5, 20));
        assertThat(conflicts.injected()).as("conflicts were injected").isPositive();
        assertThat(outcomes)
            .allSatisfy(
                o -> assertThat(o.problems()).as("problems of run %s", o.pods().run).isEmpty());
      }
    }
  }

  /** Runs of each scenario in turn, each on its own Dataset, so they go at the same time. */
  private static List<SimulatedJobPods> createRuns(
      TestCluster cluster, BenchSize size, Random random) {
    int count = size.pick(6, 24);
    KubernetesClient client = cluster.client();
    String ns = cluster.namespace();
    RunScenario[] scenarios = RunScenario.values();
    List<SimulatedJobPods> runs = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      String name = String.format("run-%02d", i);
      Dataset dataset = Datasets.bronze("events-" + i, ns);
      dataset.getMetadata().setUid(null);
      dataset.getMetadata().setGeneration(null);
      client.resource(dataset).create();

      var spec = new IngestionRunSpec();
      spec.dataset = dataset.getMetadata().getName();
      spec.retries = new RetryBudget();
      spec.retries.infrastructure = 5;
      spec.retries.application = 1;
      spec.retries.backoffSeconds = 1;
      var run = new IngestionRun();
      run.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
      run.setSpec(spec);
      client.resource(run).create();

      RunScenario scenario = scenarios[(i - 1) % scenarios.length];
      int batches = 4 + random.nextInt(size.pick(5, 9));
      runs.add(
          new SimulatedJobPods(
              name,
              scenario,
              batches,
              scenario.attemptsOf(batches, random),
              JobPodCheckpoints.store(cluster, ns, name)));
    }
    return runs;
  }

  /** Waits (without failing: the report says what is wrong) until every run has finished. */
  private static void awaitFinished(KubernetesClient client, String ns, List<SimulatedJobPods> runs)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(FINISH_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      boolean all =
          runs.stream()
              .map(r -> client.resources(IngestionRun.class).inNamespace(ns).withName(r.run).get())
              .allMatch(
                  r ->
                      r != null
                          && r.getStatus() != null
                          && r.getStatus().phase != null
                          && r.getStatus().phase.isFinished());
      if (all) {
        return;
      }
      Thread.sleep(200);
    }
  }

  /**
   * Job creations the server accepted from the operator, per run and attempt, from its audit log: a
   * create whose answer never reached the client (the process was stopped while it was in flight)
   * still counts.
   */
  private static Map<String, Map<Integer, Integer>> jobCreations(
      List<AuditLog.Request> audited, String ns) {
    Map<String, Map<Integer, Integer>> perRun = new HashMap<>();
    for (AuditLog.Request request : audited) {
      Matcher job = JOB_OF_ATTEMPT.matcher(request.name());
      if (request.verb().equals("create")
          && request.resource().equals("jobs")
          && request.namespace().equals(ns)
          && request.userAgent().equals(OPERATOR)
          && request.code() == 201
          && job.matches()) {
        perRun
            .computeIfAbsent(job.group(1), r -> new HashMap<>())
            .merge(Integer.parseInt(job.group(2)), 1, Integer::sum);
      }
    }
    return perRun;
  }
}
