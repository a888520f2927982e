package dev.lakehouse.operator;

import java.util.Map;
import java.util.Optional;

/**
 * How the operator process runs beside its reconcilers, from the environment (see {@link
 * LakehouseOperator}).
 *
 * @param httpPort the HTTP server's port; 0 for any free one
 * @param leaderElection the Lease to hold while reconciling; empty to reconcile at once
 * @param onLeaseLost what to do when the lease is lost while reconciling: the process exits, since
 *     JOSDK cannot hand the work back and another replica is about to lead
 */
public record OperatorOptions(int httpPort, Optional<Lease> leaderElection, Runnable onLeaseLost) {
  public static final String HTTP_PORT = "LAKEHOUSE_HTTP_PORT";
  public static final String LEADER_ELECTION = "LAKEHOUSE_LEADER_ELECTION";
  public static final String LEASE_NAME = "LAKEHOUSE_LEADER_ELECTION_LEASE";
  public static final String POD_NAMESPACE = "LAKEHOUSE_POD_NAMESPACE";
  public static final String DEFAULT_LEASE = "lakehouse-operator";
  public static final int DEFAULT_HTTP_PORT = 8080;

  /**
   * The Lease replicas compete for ({@code coordination.k8s.io/v1}).
   *
   * @param identity this replica's name in the Lease; null for JOSDK's default, {@code HOSTNAME}
   *     (the pod's name)
   */
  public record Lease(String name, String namespace, String identity) {}

  /** Any free HTTP port, no leader election: an operator embedded in a test or a tool. */
  public static OperatorOptions embedded() {
    return new OperatorOptions(0, Optional.empty(), () -> {});
  }

  public static OperatorOptions fromEnvironment(Map<String, String> env) {
    int port = port(env.get(HTTP_PORT));
    String election = value(env, LEADER_ELECTION).orElse("false");
    if (!election.equals("true") && !election.equals("false")) {
      throw new IllegalArgumentException(
          LEADER_ELECTION + " is \"" + election + "\"; it takes true or false");
    }
    if (election.equals("false")) {
      return new OperatorOptions(port, Optional.empty(), () -> {});
    }
    String namespace =
        value(env, POD_NAMESPACE)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        LEADER_ELECTION
                            + " is true but "
                            + POD_NAMESPACE
                            + " is not set: it names the namespace of the Lease (the Helm chart"
                            + " sets it to the pod's namespace)"));
    String lease = value(env, LEASE_NAME).orElse(DEFAULT_LEASE);
    return new OperatorOptions(
        port, Optional.of(new Lease(lease, namespace, null)), OperatorOptions::exitProcess);
  }

  private static int port(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_HTTP_PORT;
    }
    try {
      int port = Integer.parseInt(value.trim());
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        HTTP_PORT + " is \"" + value + "\"; it takes a port number (8080 by default)");
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
  }

  /**
   * Exits from a thread of its own: the caller may be a thread the shutdown hook's {@code stop()}
   * waits for.
   */
  private static void exitProcess() {
    new Thread(() -> System.exit(1), "exit-on-lost-lease").start();
  }
}
