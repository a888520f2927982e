package dev.lakehouse.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The validator behaves like the API server where the CRDs alone do not show it. */
class ManifestValidatorTest {
  private final ManifestValidator validator = ManifestValidator.shared();

  private static Map<String, Object> manifest(String yaml) throws IOException {
    List<Map<String, Object>> documents = ManifestValidator.loadAll(yaml);
    assertThat(documents).hasSize(1);
    return documents.get(0);
  }

  @Test
  void defaultsAreAppliedBeforeValidationAndOnlyUnderPresentParents() throws IOException {
    Map<String, Object> run =
        manifest(
            """
            apiVersion: lakehouse.dev/v1alpha1
            kind: IngestionRun
            metadata: {name: r}
            spec: {dataset: d}
            """);

    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) validator.normalized(run).get("spec");

    assertThat(spec)
        .containsEntry("batchSize", 5000L)
        .containsEntry("mode", "incremental")
        .containsEntry("executors", 0L)
        .doesNotContainKey("retries");
  }

  @Test
  void nullFieldsArePrunedButNullListItemsAreNot() throws IOException {
    String dataset =
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Dataset
        metadata: {name: d}
        spec:
          lakehouse: demo
          layer: bronze
          table: {schema: bronze, name: t}
          source:
            files: {prefix: landing/, format: json, multiLine: null, include: %s}
          write: null
        """;

    assertThat(validator.validate(manifest(dataset.formatted("[\"*.json\"]")))).isEmpty();
    assertThat(validator.validate(manifest(dataset.formatted("[null]"))))
        .contains(
            "spec.source.files.include[0]: Invalid value: \"null\": spec.source.files.include[0]"
                + " in body must be of type string: \"null\"");
  }

  @Test
  void quantitiesAreIntOrString() throws IOException {
    String lakehouse =
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Lakehouse
        metadata: {name: l}
        spec:
          storage: {bucket: lakehouse, minio: {size: %s}}
        """;

    assertThat(validator.validate(manifest(lakehouse.formatted("20Gi")))).isEmpty();
    assertThat(validator.validate(manifest(lakehouse.formatted("1000000")))).isEmpty();
    assertThat(validator.validate(manifest(lakehouse.formatted("true"))))
        .contains(
            "spec.storage.minio.size: Invalid value: \"boolean\": spec.storage.minio.size in body"
                + " must be of type integer or string: \"boolean\"");
  }

  @Test
  void statusIsIgnoredBecauseItIsASubresource() throws IOException {
    Map<String, Object> query =
        manifest(
            """
            apiVersion: lakehouse.dev/v1alpha1
            kind: Query
            metadata: {name: q}
            spec: {lakehouse: demo, sql: SELECT 1}
            status: {phase: Bogus, anything: 1}
            """);

    assertThat(validator.validate(query)).isEmpty();
  }

  @Test
  void celRulesWaitForTypeErrorsToBeFixed() throws IOException {
    Map<String, Object> dataset =
        manifest(
            """
            apiVersion: lakehouse.dev/v1alpha1
            kind: Dataset
            metadata: {name: d}
            spec:
              lakehouse: demo
              layer: bronze
              table: {schema: bronze, name: t}
              partitionBy: date
            """);

    assertThat(validator.validate(dataset))
        .containsExactly(
            "spec.partitionBy: Invalid value: \"string\": spec.partitionBy in body must be of type"
                + " array: \"string\"",
            ManifestValidator.NOT_CHECKED);
  }

  @Test
  void otherApiGroupsAreNotHandled() throws IOException {
    assertThat(validator.handles(manifest("{apiVersion: v1, kind: Secret, metadata: {name: s}}")))
        .isFalse();
    assertThat(validator.handles(manifest("{apiVersion: lakehouse.dev/v1alpha1, kind: Query}")))
        .isTrue();
  }

  @Test
  void patternsAreMatchedAsRe2LikeTheApiServer() {
    JSONSchemaProps lookahead =
        new JSONSchemaPropsBuilder().withType("string").withPattern("^(?!/).*$").build();

    assertThat(validator.schemaErrors("a/b", lookahead, "spec.path"))
        .singleElement()
        .asString()
        .contains("the CRD's pattern is not RE2");
  }

  @Test
  void loaderSkipsEmptyDocumentsAndRejectsDuplicateKeys() throws IOException {
    assertThat(ManifestValidator.loadAll("---\n# only a comment\n---\na: 1\n---\n")).hasSize(1);
    assertThatThrownBy(() -> ManifestValidator.loadAll("a: 1\na: 2\n"))
        .hasMessageContaining("Duplicate field 'a'");
  }
}
