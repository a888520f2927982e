package dev.lakehouse.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every CEL rule in the CRDs is shown to reject something, and no example trips one. */
class CelRuleCoverageTest {

  /** Each rule as the start and end of the error it produces: "kind path" to message. */
  record Rule(String kind, String path, String message) {
    boolean producedBy(String kindOfCase, String error) {
      // List indices and map keys stand for any element, as in the schema walk.
      String normalized = error.replaceAll("\\[[^\\]]*\\]", "[*]");
      return kind.equals(kindOfCase)
          && normalized.startsWith((path.isEmpty() ? "<root>" : path) + ": Invalid value: ")
          && normalized.endsWith(": " + message);
    }
  }

  static List<Rule> rules() {
    List<Rule> rules = new ArrayList<>();
    CrdFiles.forEachSchema(
        (kind, path, schema) -> {
          if (schema.getXKubernetesValidations() != null) {
            for (ValidationRule rule : schema.getXKubernetesValidations()) {
              String message =
                  rule.getMessage() == null ? "failed rule: " + rule.getRule() : rule.getMessage();
              String at = rule.getFieldPath() == null ? path : path + rule.getFieldPath();
              rules.add(new Rule(kind, at, message));
            }
          }
        });
    return rules;
  }

  @Test
  void everyRuleIsProducedByARejectedCase() {
    ManifestValidator validator = ManifestValidator.shared();
    // kind -> errors of the rejected cases of that kind
    Map<String, List<String>> produced = new LinkedHashMap<>();
    for (InvalidManifestsTest.Case invalid : InvalidManifestsTest.corpus()) {
      produced
          .computeIfAbsent((String) invalid.manifest().get("kind"), k -> new ArrayList<>())
          .addAll(validator.validate(invalid.manifest()));
    }
    for (ImmutabilityTest.UpdateCase update : ImmutabilityTest.cases()) {
      if (update.expected() != null) {
        produced
            .computeIfAbsent((String) update.updated().get("kind"), k -> new ArrayList<>())
            .addAll(validator.validateUpdate(update.old(), update.updated()));
      }
    }

    List<Rule> rules = rules();
    assertThat(rules).hasSizeGreaterThanOrEqualTo(20);
    assertThat(
            rules.stream()
                .filter(
                    rule ->
                        produced.getOrDefault(rule.kind(), List.of()).stream()
                            .noneMatch(error -> rule.producedBy(rule.kind(), error))))
        .as(
            "CEL rules no rejected case produces; add a manifest to src/test/resources/invalid/"
                + " or a transition case to ImmutabilityTest")
        .isEmpty();
  }

  @Test
  void examplesPassEveryRule() {
    assertThat(ExamplesTest.errors(ExamplesTest.examplesDir())).isEmpty();
  }
}
