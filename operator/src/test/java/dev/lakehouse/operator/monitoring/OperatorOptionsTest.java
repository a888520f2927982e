package dev.lakehouse.operator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.operator.OperatorOptions;
import dev.lakehouse.operator.OperatorOptions.Lease;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator process's environment: HTTP port, leader election, logging. */
class OperatorOptionsTest {
  @Test
  void defaultsServeOn8080WithoutLeaderElection() {
    OperatorOptions options = OperatorOptions.fromEnvironment(Map.of());

    assertThat(options.httpPort()).isEqualTo(8080);
    assertThat(options.leaderElection()).isEmpty();
  }

  @Test
  void leaderElectionHoldsTheNamedLeaseInThePodsNamespace() {
    OperatorOptions options =
        OperatorOptions.fromEnvironment(
            Map.of(
                "LAKEHOUSE_HTTP_PORT", "9090",
                "LAKEHOUSE_LEADER_ELECTION", "true",
                "LAKEHOUSE_LEADER_ELECTION_LEASE", "lakehouse-operator-prod",
                "LAKEHOUSE_POD_NAMESPACE", "lakehouse-system"));

    assertThat(options.httpPort()).isEqualTo(9090);
    assertThat(options.leaderElection())
        .contains(new Lease("lakehouse-operator-prod", "lakehouse-system", null));
    assertThat(
            OperatorOptions.fromEnvironment(
                    Map.of(
                        "LAKEHOUSE_LEADER_ELECTION", "true",
                        "LAKEHOUSE_POD_NAMESPACE", "ops"))
                .leaderElection())
        .contains(new Lease("lakehouse-operator", "ops", null));
  }

  @Test
  void leaderElectionWithoutTheLeaseNamespaceIsAClearError() {
    assertThatThrownBy(
            () -> OperatorOptions.fromEnvironment(Map.of("LAKEHOUSE_LEADER_ELECTION", "true")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "LAKEHOUSE_LEADER_ELECTION is true but LAKEHOUSE_POD_NAMESPACE is not set: it names the"
                + " namespace of the Lease (the Helm chart sets it to the pod's namespace)");
  }

  @Test
  void malformedValuesAreRefusedByName() {
    assertThatThrownBy(
            () -> OperatorOptions.fromEnvironment(Map.of("LAKEHOUSE_LEADER_ELECTION", "yes")))
        .hasMessage("LAKEHOUSE_LEADER_ELECTION is \"yes\"; it takes true or false");
    assertThatThrownBy(() -> OperatorOptions.fromEnvironment(Map.of("LAKEHOUSE_HTTP_PORT", "http")))
        .hasMessage("LAKEHOUSE_HTTP_PORT is \"http\"; it takes a port number (8080 by default)");
    assertThatThrownBy(
            () -> OperatorOptions.fromEnvironment(Map.of("LAKEHOUSE_HTTP_PORT", "70000")))
        .hasMessageStartingWith("LAKEHOUSE_HTTP_PORT is \"70000\"");
    assertThatThrownBy(() -> LoggingEnvironment.check(Map.of("LAKEHOUSE_LOG_FORMAT", "JSON")))
        .hasMessage("LAKEHOUSE_LOG_FORMAT is \"JSON\"; it takes json (the default) or text");
    assertThatThrownBy(() -> LoggingEnvironment.check(Map.of("LAKEHOUSE_LOG_LEVEL", "verbose")))
        .hasMessageStartingWith("LAKEHOUSE_LOG_LEVEL is \"verbose\"; it takes one of");
    LoggingEnvironment.check(
        Map.of("LAKEHOUSE_LOG_FORMAT", "text", "LAKEHOUSE_LOG_LEVEL", "debug"));
  }
}
