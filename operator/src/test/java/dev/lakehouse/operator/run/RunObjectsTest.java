package dev.lakehouse.operator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunObjectsTest {

  @ParameterizedTest(name = "request {0}, limit {1}: local[{2}]")
  @CsvSource({
    "1, , 1",
    "500m, , 1",
    "2500m, , 3",
    "1, 3, 3",
    "1, 1500m, 2",
    ", , 1",
  })
  void sparkInThePodGetsThePodsCores(String request, String limit, int cores) {
    var resources = new ResourceRequirementsBuilder();
    if (request != null) {
      resources.addToRequests("cpu", new Quantity(request));
    }
    if (limit != null) {
      resources.addToLimits("cpu", new Quantity(limit));
    }
    ResourceRequirements built = resources.build();
    assertThat(RunObjects.localCores(built)).isEqualTo(cores);
  }
}
