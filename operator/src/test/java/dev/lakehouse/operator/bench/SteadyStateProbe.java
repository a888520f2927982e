package dev.lakehouse.operator.bench;

import dev.lakehouse.kubetesting.AuditLog;
import dev.lakehouse.operator.testing.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows one client's requests in the API server's audit log (told by its User-Agent): waits until
 * it stops writing, then counts what it still asks for over a window.
 */
final class SteadyStateProbe {
  static final Duration QUIET = Duration.ofSeconds(2);
  static final Duration SETTLE_LIMIT = Duration.ofSeconds(60);

  /** When the last write came, whether a quiet stretch followed, and every request until then. */
  record Settled(Duration after, boolean quiet, List<AuditLog.Request> requests) {}

  private final TestCluster cluster;
  private final String userAgent;

  SteadyStateProbe(TestCluster cluster, String userAgent) {
    this.cluster = cluster;
    this.userAgent = userAgent;
  }

  /** Until the client wrote nothing for {@link #QUIET}, at most {@link #SETTLE_LIMIT}. */
  Settled settle() throws InterruptedException {
    long start = System.nanoTime();
    long lastWrite = start;
    List<AuditLog.Request> seen = new ArrayList<>();
    while (System.nanoTime() - start < SETTLE_LIMIT.toNanos()) {
      Thread.sleep(250);
      List<AuditLog.Request> batch = cluster.controlPlane().auditLog().drain();
      seen.addAll(batch);
      if (RequestTally.of(batch, userAgent, Duration.ofSeconds(1)).writes() > 0) {
        lastWrite = System.nanoTime();
      }
      if (System.nanoTime() - lastWrite >= QUIET.toNanos()) {
        return new Settled(Duration.ofNanos(lastWrite - start), true, seen);
      }
    }
    return new Settled(Duration.ofNanos(lastWrite - start), false, seen);
  }

  /** Settles, then counts the client's requests and the operator's reconciles over the window. */
  SteadyState window(String state, Duration length, int metricsPort) throws InterruptedException {
    Settled settled = settle();
    ReconcileDurations before = ReconcileDurations.scrape(metricsPort);
    long from = System.nanoTime();
    Thread.sleep(length.toMillis());
    List<AuditLog.Request> requests = cluster.controlPlane().auditLog().drain();
    Duration window = Duration.ofNanos(System.nanoTime() - from);
    return new SteadyState(
        state,
        settled.after(),
        settled.quiet(),
        RequestTally.of(requests, userAgent, window),
        ReconcileDurations.scrape(metricsPort).since(before));
  }
}
