package dev.lakehouse.operator.reliability;

import dev.lakehouse.operator.LakehouseOperator;
import dev.lakehouse.operator.OperatorSettings;
import dev.lakehouse.operator.testing.TestCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The real operator as a process the suites stop, crash and start again. Each instance gets its own
 * client, as a new pod would, carrying the suite's interceptors after a fresh {@link CrashSwitch};
 * all instances share one User-Agent, so the server's records tell the operator from the test.
 */
final class RestartableOperator implements AutoCloseable {
  private final TestCluster cluster;
  private final String userAgent;
  private final List<Interceptor> interceptors;
  private final Clock clock;
  private final AttemptLedger attempts = new AttemptLedger();
  private LakehouseOperator operator;
  private KubernetesClient client;
  private CrashSwitch crashSwitch;
  private int started;

  RestartableOperator(
      TestCluster cluster, String userAgent, Clock clock, Interceptor... interceptors) {
    this.cluster = cluster;
    this.userAgent = userAgent;
    this.clock = clock;
    this.interceptors = List.of(interceptors);
  }

  void start() {
    crashSwitch = new CrashSwitch(attempts);
    List<Interceptor> all = new ArrayList<>();
    all.add(crashSwitch);
    all.addAll(interceptors);
    client = cluster.operatorClient(userAgent, all.toArray(Interceptor[]::new));
    operator =
        new LakehouseOperator(
            client, OperatorSettings.defaults(), Set.of(cluster.namespace()), clock);
    operator.start();
    started++;
  }

  /** Stops the instance (after a crash, what is left of it) and closes its client. */
  void stop() {
    if (operator == null) {
      return;
    }
    try {
      operator.stop();
    } finally {
      client.close();
      operator = null;
      client = null;
    }
  }

  CrashSwitch crashSwitch() {
    return crashSwitch;
  }

  boolean running() {
    return operator != null;
  }

  /** Instances started so far. */
  int started() {
    return started;
  }

  @Override
  public void close() {
    stop();
  }
}
