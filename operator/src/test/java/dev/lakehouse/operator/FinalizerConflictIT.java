package dev.lakehouse.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lakehouse.api.query.Query;
import dev.lakehouse.api.query.QuerySpec;
import dev.lakehouse.operator.dataset.Datasets;
import dev.lakehouse.operator.lakehouse.Lakehouses;
import dev.lakehouse.operator.testing.ForeignFinalizerRace;
import dev.lakehouse.operator.testing.OperatorRequests;
import dev.lakehouse.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JOSDK's conflict path under the chart's RBAC: when the patch that removes the operator's
 * finalizer is refused because another controller changed the finalizers meanwhile (422, a JSON
 * Patch index that moved), JOSDK reads the object again with a GET and retries. The chart must
 * grant that GET, or a deletion waits on a 403.
 */
class FinalizerConflictIT {
  static final Duration WAIT = Duration.ofSeconds(60);

  static Stream<Arguments> kinds() {
    return Stream.of(
        Arguments.of(
            "lakehouses", (Function<String, HasMetadata>) ns -> Lakehouses.demo("demo", ns)),
        Arguments.of(
            "datasets", (Function<String, HasMetadata>) ns -> Datasets.bronze("events", ns)),
        Arguments.of("queries", (Function<String, HasMetadata>) FinalizerConflictIT::query));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void aDeletionWhoseFinalizerPatchMeetsAConcurrentChangeStillEnds(
      String plural, Function<String, HasMetadata> object) {
    try (TestCluster cluster = TestCluster.start("finalizers")) {
      String ns = cluster.namespace();
      KubernetesClient admin = cluster.client();
      HasMetadata resource = object.apply(ns);
      resource.getMetadata().setUid(null);
      resource.getMetadata().setGeneration(null);
      var race = new ForeignFinalizerRace(admin);
      race.createWithForeignFinalizer(resource);

      var requests = new OperatorRequests();
      try (KubernetesClient client =
          cluster.operatorClient(TestCluster.OPERATOR_AGENT, race, requests)) {
        var operator = new LakehouseOperator(client, OperatorSettings.defaults(), Set.of(ns));
        operator.start();
        try {
          await()
              .atMost(WAIT)
              .until(
                  () -> admin.resource(resource).get().getMetadata().getFinalizers().size() == 2);
          race.arm(resource);
          admin.resource(resource).delete();

          await().atMost(WAIT).until(() -> admin.resource(resource).get() == null);
        } finally {
          operator.stop();
        }
      }
      assertThat(race.fired(resource)).as("the foreign finalizer went first").isTrue();
      List<OperatorRequests.Call> calls = requests.calls();
      assertThat(calls)
          .as("the finalizer patch met the concurrent change")
          .anyMatch(c -> c.method().equals("PATCH") && c.code() == 422);
      assertThat(calls)
          .as("JOSDK read the object again")
          .anyMatch(
              c ->
                  c.method().equals("GET")
                      && c.path().endsWith("/" + plural + "/" + name(resource)));
      assertThat(calls).as("no request was forbidden").noneMatch(c -> c.code() == 403);
    }
  }

  private static String name(HasMetadata resource) {
    return resource.getMetadata().getName();
  }

  private static Query query(String ns) {
    var query = new Query();
    query.setMetadata(new ObjectMetaBuilder().withName("report").withNamespace(ns).build());
    var spec = new QuerySpec();
    spec.lakehouse = "demo";
    spec.sql = "SELECT 1";
    query.setSpec(spec);
    return query;
  }
}
