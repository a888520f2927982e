package dev.lakehouse.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.run.IngestionRun;
import dev.lakehouse.api.run.RunPhase;
import dev.lakehouse.operator.LakehouseOperator;
import dev.lakehouse.operator.OperatorSettings;
import dev.lakehouse.operator.testing.JobPodCheckpoints;
import dev.lakehouse.operator.testing.RunPods;
import dev.lakehouse.operator.testing.TestCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The project's "operator at scale" question, answered with the real operator on the mock API
 * server: time to reconcile, requests once idle, reconcile latencies, heap. Benchmarks report and
 * never gate, so it asserts only correctness: everything reconciled, one Job per run.
 */
class OperatorScaleIT {
  static final String OPERATOR = "lakehouse-operator-under-test";
  static final Duration LIMIT = Duration.ofMinutes(10);

  /** The operator's JVM gets the heap the project targets, so the run shows that it fits. */
  static final String OPERATOR_HEAP =
      System.getProperty(ScaleSize.PREFIX + "operator-heap", "128m");

  final ScaleSize size = ScaleSize.fromSystemProperties();
  final ScalePopulation population = new ScalePopulation(size);
  final ScaleReport report = new ScaleReport(size);

  @Test
  void reconcilesEveryDatasetAndRunThenOnlyWatches() throws Exception {
    Set<String> namespaces = Set.copyOf(population.namespaces());
    try (TestCluster cluster = TestCluster.start("scale")) {
      KubernetesClient client = cluster.client();
      prepare(cluster, namespaces);

      long start = System.nanoTime();
      try (var operator =
          OperatorProcess.start(
              cluster, namespaces, OPERATOR, OPERATOR_HEAP, output("operator-measured.log"))) {
        int port =
            operator
                .awaitStarted(LIMIT)
                .orElseThrow(() -> new AssertionError("the operator did not start: " + operator));
        Duration synced = Duration.ofNanos(System.nanoTime() - start);
        Map<String, Duration> running =
            Milestones.await(
                start,
                LIMIT,
                () -> ReconcileProgress.read(client, namespaces),
                checks(RunPhase.Running));
        ReconcileDurations converged = ReconcileDurations.scrape(port);
        var phaseRequests = new LinkedHashMap<String, RequestTally>();
        phaseRequests.put(
            "start until all Running",
            RequestTally.of(audit(cluster), OPERATOR, running.get(Milestones.ALL)));
        assertEverythingThere(ReconcileProgress.read(client, namespaces));

        var probe = new SteadyStateProbe(cluster, OPERATOR);
        List<SteadyState> windows = new ArrayList<>();
        windows.add(probe.window("runs Running, no pods yet", size.window(), port));

        ReconcileDurations beforePods = ReconcileDurations.scrape(port);
        audit(cluster);
        long firstPod = System.nanoTime();
        Duration played = finishEveryRun(cluster, namespaces);
        Map<String, Duration> done =
            Milestones.await(
                firstPod,
                LIMIT,
                () -> ReconcileProgress.read(client, namespaces),
                checks(RunPhase.Succeeded));
        ReconcileDurations finished = ReconcileDurations.scrape(port);
        phaseRequests.put(
            "runs finishing", RequestTally.of(audit(cluster), OPERATOR, done.get(Milestones.ALL)));
        assertEverythingThere(ReconcileProgress.read(client, namespaces));

        windows.add(probe.window("every run Succeeded", size.window(), port));
        ReconcileDurations whole = ReconcileDurations.scrape(port);
        HeapAfterGc heap = operator.heapAfterGc();

        report.timeToReconcile(synced, running, played, done);
        report.phaseRequests(phaseRequests);
        report.steadyStates(windows);
        var phases = new LinkedHashMap<String, ReconcileDurations>();
        phases.put("start until all Running", converged);
        phases.put("runs finishing", finished.since(beforePods));
        phases.put("whole run", whole);
        report.latencies(phases);
        report.heap(OPERATOR_HEAP, heap);
      }
      report.restart(
          RestartedOperator.run(
              cluster, namespaces, size, OPERATOR_HEAP, output("operator-restarted.log")));
      report.objects(objectCounts(client));
      report.method(METHOD);
      publish();
    }
  }

  /**
   * A first operator makes every Lakehouse Ready, as the workload controllers' stand-in reports
   * them; it stops before the Datasets and runs exist, so the measured one finds them all waiting.
   */
  private void prepare(TestCluster cluster, Set<String> namespaces) throws InterruptedException {
    KubernetesClient setupClient = cluster.operatorClient("setup-operator");
    var setup = new LakehouseOperator(setupClient, OperatorSettings.defaults(), namespaces);
    setup.start();
    try {
      population.createReadyLakehouses(cluster);
      // Stopping mid-reconcile would leave a failed reconcile's status for the measured one to fix.
      new SteadyStateProbe(cluster, "setup-operator").settle();
    } finally {
      setup.stop();
      setupClient.close();
    }
    population.createDatasetsAndRuns(cluster.client());
    audit(cluster);
  }

  private Map<String, Function<ReconcileProgress, List<String>>> checks(RunPhase phase) {
    Map<String, Function<ReconcileProgress, List<String>>> checks = new LinkedHashMap<>();
    checks.put("Datasets", p -> p.datasetsBehind(population, phase));
    checks.put("runs", p -> p.runsBehind(phase));
    return checks;
  }

  private void assertEverythingThere(ReconcileProgress progress) {
    assertThat(progress.datasets()).hasSize(size.datasets());
    assertThat(progress.runs()).hasSize(size.runs());
    Map<String, Long> jobs = progress.jobsPerRun();
    assertThat(jobs).as("one Job per run").hasSize(size.runs());
    assertThat(jobs.values()).as("one Job per run").containsOnly(1L);
  }

  /**
   * Plays kubelet and a job pod for every run, a few at a time: the pod starts, writes its last
   * checkpoint through the jobs module's real store, and its Job succeeds.
   */
  private Duration finishEveryRun(TestCluster cluster, Set<String> namespaces) throws Exception {
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (IngestionRun run : ReconcileProgress.read(cluster.client(), namespaces).runs()) {
        String ns = run.getMetadata().getNamespace();
        String name = run.getMetadata().getName();
        String job = ScalePopulation.jobOf(name);
        done.add(
            pool.submit(
                () -> {
                  var pods = new RunPods(cluster, ns);
                  pods.start(job);
                  JobPodCheckpoints.store(cluster, ns, name).save(JobPodCheckpoints.after(1, 1, 0));
                  pods.succeed(job);
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private static List<dev.lakehouse.kubetesting.AuditLog.Request> audit(TestCluster cluster) {
    return cluster.controlPlane().auditLog().drain();
  }

  private static Map<String, Integer> objectCounts(KubernetesClient client) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    counts.put("Jobs", client.batch().v1().jobs().inAnyNamespace().list().getItems().size());
    counts.put("Pods", client.pods().inAnyNamespace().list().getItems().size());
    counts.put("ConfigMaps", client.configMaps().inAnyNamespace().list().getItems().size());
    counts.put("Secrets", client.secrets().inAnyNamespace().list().getItems().size());
    counts.put(
        "ServiceAccounts", client.serviceAccounts().inAnyNamespace().list().getItems().size());
    counts.put("Roles", client.rbac().roles().inAnyNamespace().list().getItems().size());
    counts.put(
        "RoleBindings", client.rbac().roleBindings().inAnyNamespace().list().getItems().size());
    counts.put("Events", client.v1().events().inAnyNamespace().list().getItems().size());
    return counts;
  }

  private void publish() throws Exception {
    String markdown = report.render();
    System.out.println(markdown);
    Path file = Path.of(System.getProperty("basedir", "."), "target", "bench", "operator-scale.md");
    report.write(file);
    System.out.println("report written to " + file);
  }

  private static Path output(String name) {
    return Path.of(System.getProperty("basedir", "."), "target", "bench", name);
  }

  static final String METHOD =
      """
      - The operator, `LakehouseOperator` with the default settings watching the benchmark's \
      namespaces, runs in a JVM of its own with `-Xmx128m` (the target; \
      `-Dlakehouse.bench.operator-heap` changes it), started from the test's class path, as the \
      chart's ServiceAccount (its RBAC applied). The real control plane (etcd, kube-apiserver, \
      kube-controller-manager with the Job controller, the test kubelet) and the test share the \
      same two cores. Times are wall-clock on that shared machine.
      - A first operator makes each namespace's Lakehouse `demo` Ready and stops; then every Dataset \
      and run is created, and the measured operator starts with all of them waiting: its start is \
      the launch of its JVM. The test reads every Dataset, run and run Job with one LIST each every \
      250 ms; a milestone is the first read in which it holds.
      - The runs then complete: the Job controller makes each Job's pod, the test kubelet runs it, \
      the test plays the job (one checkpoint written through the jobs module's store with the \
      run's own ServiceAccount token, then exit code 0), four runs at a time.
      - Requests are those the API server's audit log recorded with the operator's User-Agent; \
      the test's own requests carry another. A window starts once the operator wrote nothing for 2 s. GET is one \
      object, LIST a collection, WATCH a `watch=true` request. Running runs are rechecked every \
      60 s by design, so a 60 s window sees each of them reconciled about once. The API server ends \
      each watch after a while (5 to 10 minutes by default) and the informer opens a new one: each \
      reopening counts as a WATCH.
      - Latencies are the operator's own `lakehouse_operator_reconcile_duration_seconds` histogram \
      (reconciler plus JOSDK's status write, per kind) read from its /metrics: quantiles are \
      estimated as Prometheus' `histogram_quantile` does, linearly within a bucket (bounds 5, 10, \
      25, 50, 100, 250 ms, ...), the max is the bound of the highest bucket used, the mean is exact. \
      They include waiting for the API server and etcd on the same cores.
      - Heap: the operator process's used heap right after `System.gc()` (a full collection with \
      G1), repeated until it settles, asked for over its stdin: once after the run and both \
      windows, and once in a second, fresh operator process started over the finished objects, \
      after it reconciled every one of them again. Metaspace and thread stacks are not heap.
      """;
}
