package dev.lakehouse.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.re2j.Pattern;
import dev.lakehouse.api.dataset.Dataset;
import dev.lakehouse.api.lakehouse.Lakehouse;
import dev.lakehouse.api.query.Query;
import dev.lakehouse.api.run.IngestionRun;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** crds/ matches the classes, and each CRD carries what kubectl users rely on. */
class CrdFilesTest {
  static final String REGENERATE =
      "mvn -pl api test -Dtest=CrdFilesTest -Dlakehouse.updateCrds=true";

  @Test
  void crdsDirectoryMatchesTheClasses() throws IOException {
    Path dir = CrdFiles.crdsDir();
    Map<String, String> expected = CrdFiles.rendered();
    if (Boolean.getBoolean("lakehouse.updateCrds")) {
      for (Path target : List.of(dir, CrdFiles.chartCrdsDir())) {
        Files.createDirectories(target);
        try (Stream<Path> old = Files.list(target)) {
          for (Path file : old.filter(f -> f.toString().endsWith(".yaml")).toList()) {
            Files.delete(file);
          }
        }
        for (Map.Entry<String, String> file : expected.entrySet()) {
          Files.writeString(target.resolve(file.getKey()), file.getValue());
        }
      }
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml")))
          .as("files in crds/; regenerate with: %s", REGENERATE)
          .containsExactlyInAnyOrderElementsOf(expected.keySet());
    }
    for (Map.Entry<String, String> file : expected.entrySet()) {
      assertThat(Files.readString(dir.resolve(file.getKey())))
          .as("crds/%s is out of date; regenerate with: %s", file.getKey(), REGENERATE)
          .isEqualTo(file.getValue());
    }
  }

  static Stream<Arguments> resources() {
    return Stream.of(
        Arguments.of(Lakehouse.class, "lh"),
        Arguments.of(Dataset.class, "dset"),
        Arguments.of(IngestionRun.class, "ir"),
        Arguments.of(Query.class, "lhq"));
  }

  @ParameterizedTest
  @MethodSource("resources")
  void crdHasCategoryShortNameStatusAndColumns(
      Class<? extends HasMetadata> resource, String shortName) {
    CustomResourceDefinition crd = CrdFiles.generated(resource);
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getNames().getCategories()).containsExactly("lakehouse-all");
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly(shortName);
    CustomResourceDefinitionVersion version = crd.getSpec().getVersions().get(0);
    assertThat(version.getSubresources().getStatus()).isNotNull();
    List<String> columns =
        version.getAdditionalPrinterColumns().stream()
            .map(CustomResourceColumnDefinition::getName)
            .toList();
    assertThat(columns)
        .as("printer columns in declaration order")
        .containsExactlyElementsOf(
            Arrays.stream(resource.getAnnotationsByType(AdditionalPrinterColumn.class))
                .map(AdditionalPrinterColumn::name)
                .toList())
        .last()
        .isEqualTo("Age");
  }

  @Test
  void aPreviewCellMayBeSqlNull() {
    JSONSchemaProps cell =
        CrdFiles.generated(Query.class)
            .getSpec()
            .getVersions()
            .get(0)
            .getSchema()
            .getOpenAPIV3Schema()
            .getProperties()
            .get("status")
            .getProperties()
            .get("rows")
            .getItems()
            .getSchema()
            .getItems()
            .getSchema();
    assertThat(cell.getType()).isEqualTo("string");
    assertThat(cell.getNullable()).isTrue();
  }

  @Test
  void everyPatternCompilesInTheApiServer() {
    // The API server compiles patterns with Go's RE2 and rejects the CRD when one fails.
    List<String> broken = new ArrayList<>();
    CrdFiles.forEachSchema(
        (kind, path, schema) -> {
          if (schema.getPattern() != null) {
            try {
              Pattern.compile(schema.getPattern());
            } catch (com.google.re2j.PatternSyntaxException e) {
              broken.add(kind + " " + path + ": " + e.getMessage());
            }
          }
        });
    assertThat(broken).isEmpty();
  }

  @Test
  void everyDefaultIsValidForItsSchema() {
    // The API server rejects a CRD whose defaults would fail its own schema.
    List<String> errors = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    CrdFiles.forEachSchema(
        (kind, path, schema) -> {
          if (schema.getDefault() != null) {
            Object value = json.convertValue(schema.getDefault(), Object.class);
            errors.addAll(
                ManifestValidator.shared().schemaErrors(value, schema, kind + " " + path));
          }
        });
    assertThat(errors).isEmpty();
  }
}
