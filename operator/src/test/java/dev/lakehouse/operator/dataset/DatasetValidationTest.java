package dev.lakehouse.operator.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.dataset.Dataset;
import dev.lakehouse.api.lakehouse.Lakehouse;
import dev.lakehouse.api.lakehouse.LakehouseStatus;
import dev.lakehouse.operator.dataset.DatasetValidation.Problem;
import dev.lakehouse.operator.k8s.EventReason;
import dev.lakehouse.operator.lakehouse.Lakehouses;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatasetValidationTest {
  static final String NS = "data";

  @Test
  void aDatasetWhoseLakehouseIsReadyAndWhoseUpstreamExistsIsValid() {
    Dataset gold = Datasets.gold("gold", NS, "bronze");

    assertThat(
            validate(gold, Optional.of(ready()), Map.of("bronze", Datasets.bronze("bronze", NS))))
        .isEmpty();
  }

  @Test
  void eachProblemHasItsReasonAndSaysWhatToFix() {
    Dataset gold = Datasets.gold("gold", NS, "a", "b", "c");
    Dataset a = Datasets.gold("a", NS, "gold");

    assertThat(validate(gold, Optional.empty(), Map.of()).orElseThrow())
        .isEqualTo(
            new Problem(
                EventReason.LakehouseNotFound,
                "Lakehouse \"demo\" (spec.lakehouse) does not exist in namespace data"));
    assertThat(validate(gold, Optional.of(ready()), Map.of("a", a)).orElseThrow())
        .isEqualTo(
            new Problem(
                EventReason.UpstreamNotFound,
                "upstream Datasets \"b\", \"c\" (spec.transform.upstream) do not exist in"
                    + " namespace data"));
    Problem cycle =
        validate(
                gold,
                Optional.of(ready()),
                Map.of("a", a, "b", Datasets.bronze("b", NS), "c", Datasets.bronze("c", NS)))
            .orElseThrow();
    assertThat(cycle.reason()).isEqualTo(EventReason.CycleDetected);
    assertThat(cycle.message()).contains("gold -> a -> gold");
    Problem schedule =
        validate(
                Datasets.scheduled(Datasets.bronze("b", NS), "0 * * * *", "Nowhere/Town"),
                Optional.of(ready()),
                Map.of())
            .orElseThrow();
    assertThat(schedule.reason()).isEqualTo(EventReason.InvalidSchedule);
    assertThat(schedule.message()).contains("spec.schedule.timeZone \"Nowhere/Town\"");
  }

  @Test
  void aLakehouseThatIsNotReadyHoldsTheDatasetBack() {
    Lakehouse provisioning = Lakehouses.demo("demo", NS);
    provisioning.setStatus(new LakehouseStatus());
    provisioning.getStatus().phase = "Provisioning";

    Problem problem =
        validate(Datasets.bronze("b", NS), Optional.of(provisioning), Map.of()).orElseThrow();

    assertThat(problem.reason()).isEqualTo(EventReason.LakehouseNotReady);
    assertThat(problem.message()).startsWith("Lakehouse \"demo\" is not ready (Provisioning)");
    assertThat(
            validate(Datasets.bronze("b", NS), Optional.of(Lakehouses.demo("demo", NS)), Map.of())
                .orElseThrow()
                .message())
        .contains("not reconciled yet");
  }

  static Lakehouse ready() {
    Lakehouse lakehouse = Lakehouses.demo("demo", NS);
    lakehouse.setStatus(new LakehouseStatus());
    lakehouse.getStatus().phase = "Ready";
    lakehouse.getStatus().conditions =
        List.of(new ConditionBuilder().withType("Ready").withStatus("True").build());
    return lakehouse;
  }

  private static Optional<Problem> validate(
      Dataset dataset, Optional<Lakehouse> lakehouse, Map<String, Dataset> others) {
    return DatasetValidation.validate(
        dataset, lakehouse, name -> Optional.ofNullable(others.get(name)));
  }
}
