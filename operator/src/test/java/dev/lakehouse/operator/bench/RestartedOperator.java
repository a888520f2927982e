package dev.lakehouse.operator.bench;

import dev.lakehouse.kubetesting.AuditLog;
import dev.lakehouse.operator.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A fresh operator in a JVM of its own with a capped heap, started over the finished population.
 * Its heap after a full GC, once it reconciled everything again, is the whole operator process's,
 * with no test beside it; and its requests are what a restart costs.
 */
record RestartedOperator(
    String maxHeap, Duration reconciled, RequestTally requests, HeapAfterGc heap, String failure) {
  static final String USER_AGENT = "lakehouse-operator-restarted";

  static RestartedOperator run(
      TestCluster cluster, Set<String> namespaces, ScaleSize size, String maxHeap, Path log)
      throws Exception {
    cluster.controlPlane().auditLog().drain();
    long start = System.nanoTime();
    try (var child = OperatorProcess.start(cluster, namespaces, USER_AGENT, maxHeap, log)) {
      OptionalInt port = child.awaitStarted(Duration.ofMinutes(3));
      if (port.isEmpty()) {
        return failed(maxHeap, "it did not start (exit code " + child.exitCode() + ")");
      }
      while (!reconciledOnce(port.getAsInt(), size, namespaces.size())) {
        if (child.exitCode() != null
            || System.nanoTime() - start > Duration.ofMinutes(5).toNanos()) {
          return failed(
              maxHeap, "it did not reconcile everything (exit code " + child.exitCode() + ")");
        }
        Thread.sleep(500);
      }
      Duration reconciled = Duration.ofNanos(System.nanoTime() - start);
      List<AuditLog.Request> requests = new ArrayList<>(cluster.controlPlane().auditLog().drain());
      requests.addAll(new SteadyStateProbe(cluster, USER_AGENT).settle().requests());
      Duration until = Duration.ofNanos(System.nanoTime() - start);
      HeapAfterGc heap = child.heapAfterGc();
      if (heap == null) {
        return failed(maxHeap, "it did not report its heap (exit code " + child.exitCode() + ")");
      }
      return new RestartedOperator(
          maxHeap, reconciled, RequestTally.of(requests, USER_AGENT, until), heap, null);
    }
  }

  /** Every Dataset, run and Lakehouse reconciled at least once since the process started. */
  private static boolean reconciledOnce(int port, ScaleSize size, int lakehouses) {
    ReconcileDurations seen = ReconcileDurations.scrape(port);
    return seen.reconciles("Dataset") >= size.datasets()
        && seen.reconciles("IngestionRun") >= size.runs()
        && seen.reconciles("Lakehouse") >= lakehouses;
  }

  private static RestartedOperator failed(String maxHeap, String why) {
    return new RestartedOperator(maxHeap, null, null, null, why);
  }
}
