package dev.lakehouse.operator.testing;

import dev.lakehouse.operator.LakehouseOperator;
import dev.lakehouse.operator.OperatorSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Set;

/**
 * A test namespace on the shared control plane with the real operator watching it, as the chart's
 * ServiceAccount: what most operator suites start before each test and stop after it.
 */
public final class RunningOperator implements AutoCloseable {
  private final TestCluster cluster;
  private final LakehouseOperator operator;

  private RunningOperator(TestCluster cluster, LakehouseOperator operator) {
    this.cluster = cluster;
    this.operator = operator;
  }

  public static RunningOperator start(String namespacePrefix) {
    TestCluster cluster = TestCluster.start(namespacePrefix);
    var operator =
        new LakehouseOperator(
            cluster.operatorClient(), OperatorSettings.defaults(), Set.of(cluster.namespace()));
    operator.start();
    return new RunningOperator(cluster, operator);
  }

  public TestCluster cluster() {
    return cluster;
  }

  /** The cluster admin, for the test's own moves. */
  public KubernetesClient client() {
    return cluster.client();
  }

  public String namespace() {
    return cluster.namespace();
  }

  @Override
  public void close() {
    try {
      operator.stop();
    } finally {
      cluster.close();
    }
  }
}
