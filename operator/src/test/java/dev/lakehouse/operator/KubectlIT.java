package dev.lakehouse.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.dataset.Dataset;
import dev.lakehouse.api.lakehouse.Lakehouse;
import dev.lakehouse.api.query.Query;
import dev.lakehouse.api.run.IngestionRun;
import dev.lakehouse.kubetesting.Kubectl;
import dev.lakehouse.operator.testing.DemoLakehouse;
import dev.lakehouse.operator.testing.JobPodCheckpoints;
import dev.lakehouse.operator.testing.RunPods;
import dev.lakehouse.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The machine's kubectl against the real API server, as a user types it: every example applied, the
 * server-side printer columns, short names, {@code kubectl explain}, {@code kubectl wait} on a
 * run's Complete condition and the events {@code kubectl describe} shows.
 */
class KubectlIT {
  static final Path EXAMPLES = Path.of("..", "examples");

  TestCluster cluster;
  Kubectl kubectl;
  String ns;

  @BeforeEach
  void start() {
    cluster = TestCluster.start("kubectl");
    kubectl = new Kubectl(cluster.controlPlane());
    ns = cluster.namespace();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void everyExampleIsAppliedAndListedUnderTheCategoryAndItsShortName() throws IOException {
    List<Path> files = exampleFiles();
    assertThat(files).hasSizeGreaterThan(5);
    for (Path file : files) {
      kubectl.run("apply", "-n", ns, "-f", file.toString()).assertOk();
    }

    List<String> all =
        kubectl
            .run("get", "lakehouse-all", "-n", ns, "-o", "name")
            .assertOk()
            .out()
            .lines()
            .toList();
    assertThat(all)
        .contains(
            "lakehouse.lakehouse.dev/demo",
            "dataset.lakehouse.dev/raygun-errors",
            "ingestionrun.lakehouse.dev/raygun-errors-1",
            "query.lakehouse.dev/top-ips");
    for (var kind : List.of(Lakehouse.class, Dataset.class, IngestionRun.class, Query.class)) {
      String shortName = shortName(kind);
      List<String> listed =
          kubectl.run("get", shortName, "-n", ns, "-o", "name").assertOk().out().lines().toList();
      assertThat(listed)
          .as("kubectl get %s", shortName)
          .isNotEmpty()
          .allSatisfy(
              line ->
                  assertThat(line).startsWith(HasMetadata.getSingular(kind) + ".lakehouse.dev/"));
      assertThat(listed)
          .hasSize(
              all.stream()
                  .filter(l -> l.startsWith(HasMetadata.getSingular(kind) + "."))
                  .toList()
                  .size());
    }
  }

  @Test
  void noShortNameIsTakenByAnotherResourceOfTheServer() {
    List<Map<String, String>> resources = kubectl.run("api-resources").assertOk().table();
    for (var kind : List.of(Lakehouse.class, Dataset.class, IngestionRun.class, Query.class)) {
      String shortName = shortName(kind);
      assertThat(resources)
          .as("resources with short name %s", shortName)
          .filteredOn(r -> List.of(r.getOrDefault("SHORTNAMES", "").split(",")).contains(shortName))
          .extracting(r -> r.get("NAME"))
          .containsExactly(HasMetadata.getPlural(kind));
    }
  }

  @Test
  void explainDescribesTheSourceOfADataset() {
    String explained = kubectl.run("explain", "dataset.spec.source").assertOk().out();
    assertThat(explained)
        .contains("KIND:       Dataset")
        .contains("exactly one of files, kafka or jdbc")
        .contains("files\t<Object>")
        .contains("kafka\t<Object>")
        .contains("jdbc\t<Object>");
  }

  @Test
  void waitReturnsWhenARunCompletesAndDescribeShowsItsEvents() {
    var operator =
        new LakehouseOperator(cluster.operatorClient(), OperatorSettings.defaults(), Set.of(ns));
    operator.start();
    try {
      kubectl
          .run("apply", "-n", ns, "-f", EXAMPLES.resolve("lakehouse.yaml").toString())
          .assertOk();
      DemoLakehouse.makeReady(cluster);
      kubectl
          .run("apply", "-n", ns, "-f", EXAMPLES.resolve("raygun/datasets.yaml").toString())
          .assertOk();
      kubectl
          .run("apply", "-n", ns, "-f", EXAMPLES.resolve("raygun/run.yaml").toString())
          .assertOk();

      String run = "raygun-errors-1";
      var pods = new RunPods(cluster);
      pods.start(run + "-1");
      JobPodCheckpoints.store(cluster, ns, run).save(JobPodCheckpoints.after(3, 3, 0));
      pods.succeed(run + "-1");

      kubectl
          .run("wait", "-n", ns, "--for=condition=Complete", "ingestionrun/" + run, "--timeout=90s")
          .assertOk();

      Map<String, String> shown =
          kubectl.run("get", "ingestionruns", "-n", ns, "-o", "wide").assertOk().table().stream()
              .filter(r -> r.get("NAME").equals(run))
              .findFirst()
              .orElseThrow();
      assertThat(shown)
          .containsEntry("DATASET", "raygun-errors")
          .containsEntry("PHASE", "Succeeded")
          .containsEntry("PROGRESS", "3/3")
          .containsEntry("ATTEMPTS", "1");
      assertThat(shown.get("MESSAGE")).startsWith("succeeded: 3/3 batches");

      String described = kubectl.run("describe", "ingestionrun", run, "-n", ns).assertOk().out();
      assertThat(described).contains("Events:").contains("RunStarted").contains("RunSucceeded");
    } finally {
      operator.stop();
    }
  }

  private static String shortName(Class<? extends HasMetadata> kind) {
    return kind.getAnnotation(io.fabric8.kubernetes.model.annotation.ShortNames.class).value()[0];
  }

  private static List<Path> exampleFiles() throws IOException {
    try (Stream<Path> walk = Files.walk(EXAMPLES)) {
      return new ArrayList<>(walk.filter(f -> f.toString().endsWith(".yaml")).sorted().toList());
    }
  }
}
