package dev.lakehouse.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.kubetesting.Kubectl;
import dev.lakehouse.operator.testing.TestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The invalid-manifest corpus ({@code api/src/test/resources/invalid}, each file's first line the
 * error it must get) sent to the real API server with the machine's kubectl: the real structural
 * schema, CEL and field validation refuse each one with that message. The same corpus runs without
 * a server in {@code InvalidManifestsTest}; this suite keeps its expectations honest.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvalidManifestsIT {
  static final Path CORPUS = Path.of("..", "api", "src", "test", "resources", "invalid");
  static final String EXPECT = "# expect: ";

  TestCluster cluster;
  Kubectl kubectl;

  @BeforeAll
  void start() {
    cluster = TestCluster.start("invalid");
    kubectl = new Kubectl(cluster.controlPlane());
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  static List<Path> corpus() throws IOException {
    try (Stream<Path> files = Files.list(CORPUS)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void theRealServerRefusesItWithTheExpectedMessage(Path file) throws IOException {
    String first = Files.readAllLines(file).get(0);
    assertThat(first).as("first line of %s", file).startsWith(EXPECT);
    String expected = first.substring(EXPECT.length());

    Kubectl.Result result =
        kubectl.run("create", "--dry-run=server", "-n", cluster.namespace(), "-f", file.toString());

    assertThat(result.exitCode()).as("kubectl create of %s", file.getFileName()).isNotZero();
    assertThat(result.err()).contains(expected);
  }
}
