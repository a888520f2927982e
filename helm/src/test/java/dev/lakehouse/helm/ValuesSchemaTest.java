package dev.lakehouse.helm;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** values.schema.json (and the chart's own checks) turn a wrong value into an install error. */
class ValuesSchemaTest {

  static Stream<Arguments> wrongValues() {
    return Stream.of(
        Arguments.of("replicas", 0, "replicas"),
        Arguments.of("replicas", "two", "replicas"),
        Arguments.of("image.pullPolicy", "Sometimes", "pullPolicy"),
        Arguments.of("images.pullPolicy", "always", "pullPolicy"),
        Arguments.of("images.trino", "trinodb/trino", "trino"),
        Arguments.of("images.jobs", "", "jobs"),
        Arguments.of("images.postgres", "Postgres:17", "postgres"),
        Arguments.of("watchNamespaces[0]", "Team_A", "watchNamespaces"),
        Arguments.of("logging.format", "xml", "format"),
        Arguments.of("logging.level", "verbose", "level"),
        Arguments.of("queryWorkers", 0, "queryWorkers"),
        Arguments.of("httpPort", 80, "httpPort"),
        Arguments.of("crds.install", "yes", "install"),
        Arguments.of("metrics.serviceMonitor.interval", "often", "interval"),
        Arguments.of("imag.tag", "1.0", "imag"),
        // Not a schema rule: the Deployment template refuses two operators without a Lease.
        Arguments.of("leaderElection.enabled", false, "leaderElection"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("wrongValues")
  void isRejected(String key, Object value, String named) {
    Map<String, Object> values =
        key.equals("leaderElection.enabled")
            ? Map.of(key, value, "replicas", 2)
            : Map.of(key, value);
    assertThatThrownBy(() -> RenderedChart.with(values)).hasMessageContaining(named);
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("rightValues")
  void isAccepted(String key, Object value) {
    assertThatCode(() -> RenderedChart.with(Map.of(key, value))).doesNotThrowAnyException();
  }

  static Stream<Arguments> rightValues() {
    return Stream.of(
        Arguments.of("images.jobs", "localhost:5000/lakehouse-jobs:dev"),
        Arguments.of(
            "images.trino",
            "registry.corp.example/trinodb/trino@sha256:"
                + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"),
        Arguments.of("image.repository", "localhost:5000/lakehouse-operator"),
        Arguments.of("watchNamespaces[0]", "team-a"),
        Arguments.of("leaderElection.enabled", false));
  }
}
