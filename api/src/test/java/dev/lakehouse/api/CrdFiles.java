package dev.lakehouse.api;

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
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The CRDs as checked in under crds/: the generator's output with printer columns in source order.
 */
final class CrdFiles {
  static final String HEADER =
      "# Generated from the classes in api/ (see CrdFilesTest); do not edit by hand.\n";

  static final List<Class<? extends HasMetadata>> RESOURCES =
      List.of(Lakehouse.class, Dataset.class, IngestionRun.class, Query.class);

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private CrdFiles() {}

  /** plural.group, the CRD's name and the stem of its file in crds/. */
  static String crdName(Class<? extends HasMetadata> resource) {
    return HasMetadata.getPlural(resource) + "." + HasMetadata.getGroup(resource);
  }

  static String fileName(Class<? extends HasMetadata> resource) {
    return crdName(resource) + ".yaml";
  }

  /** The generated CRD of a resource class, with its printer columns put back in source order. */
  static CustomResourceDefinition generated(Class<? extends HasMetadata> resource) {
    String location = "/META-INF/fabric8/" + crdName(resource) + "-v1.yml";
    try (InputStream in = CrdFiles.class.getResourceAsStream(location)) {
      if (in == null) {
        throw new IllegalStateException(
            location + " is missing: run the build so the plugin writes it");
      }
      CustomResourceDefinition crd = SERIALIZATION.unmarshal(in, CustomResourceDefinition.class);
      crd.getSpec().getVersions().forEach(version -> reorderColumns(version, resource));
      if (resource == Query.class) {
        crd.getSpec().getVersions().forEach(CrdFiles::allowNullCells);
      }
      return crd;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<CustomResourceDefinition> all() {
    return RESOURCES.stream().map(CrdFiles::generated).toList();
  }

  /** File name in crds/ to file content. */
  static Map<String, String> rendered() {
    Map<String, String> files = new LinkedHashMap<>();
    for (Class<? extends HasMetadata> resource : RESOURCES) {
      files.put(fileName(resource), render(generated(resource)));
    }
    return files;
  }

  static String render(CustomResourceDefinition crd) {
    String yaml = SERIALIZATION.asYaml(crd);
    // A single document: the marker would only separate the header from the body.
    return HEADER + (yaml.startsWith("---\n") ? yaml.substring(4) : yaml);
  }

  // The plugin sorts columns (Age first); kubectl shows them in list order, so restore the
  // order of the annotations, which getAnnotationsByType returns as written.
  private static void reorderColumns(
      CustomResourceDefinitionVersion version, Class<? extends HasMetadata> resource) {
    List<CustomResourceColumnDefinition> generated = version.getAdditionalPrinterColumns();
    List<String> declared =
        Arrays.stream(resource.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();
    Map<String, CustomResourceColumnDefinition> byName =
        generated.stream()
            .collect(
                Collectors.toMap(CustomResourceColumnDefinition::getName, Function.identity()));
    if (!byName.keySet().equals(Set.copyOf(declared)) || declared.size() != generated.size()) {
      throw new IllegalStateException(
          resource.getSimpleName()
              + ": generated columns "
              + byName.keySet()
              + " differ from "
              + declared);
    }
    version.setAdditionalPrinterColumns(
        new ArrayList<>(declared.stream().map(byName::get).toList()));
  }

  // A preview cell is null for SQL NULL. The generator marks only fields nullable, never list
  // items, and a real API server refuses (422) a null item the schema does not allow.
  private static void allowNullCells(CustomResourceDefinitionVersion version) {
    JSONSchemaProps rows =
        version
            .getSchema()
            .getOpenAPIV3Schema()
            .getProperties()
            .get("status")
            .getProperties()
            .get("rows");
    rows.getItems().getSchema().getItems().getSchema().setNullable(true);
  }

  /** The repository root: the nearest directory upwards that holds api/pom.xml. */
  static Path projectRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
      if (Files.isRegularFile(candidate.resolve("api/pom.xml"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("no api/pom.xml above " + dir);
  }

  static Path crdsDir() {
    return projectRoot().resolve("crds");
  }

  /** The Helm chart's copy, which its templates install (the chart's tests compare the two). */
  static Path chartCrdsDir() {
    return projectRoot().resolve("helm/lakehouse-operator/files/crds");
  }

  /** Receives each schema node of each CRD. */
  interface SchemaVisitor {
    /** {@code path} is relative to the object root, lists and maps as {@code [*]}. */
    void visit(String kind, String path, JSONSchemaProps schema);
  }

  static void forEachSchema(SchemaVisitor visitor) {
    for (CustomResourceDefinition crd : all()) {
      for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
        visit(
            crd.getSpec().getNames().getKind(),
            "",
            version.getSchema().getOpenAPIV3Schema(),
            visitor);
      }
    }
  }

  private static void visit(
      String kind, String path, JSONSchemaProps schema, SchemaVisitor visitor) {
    visitor.visit(kind, path, schema);
    if (schema.getProperties() != null) {
      schema
          .getProperties()
          .forEach(
              (name, child) ->
                  visit(kind, path.isEmpty() ? name : path + "." + name, child, visitor));
    }
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      visit(kind, path + "[*]", schema.getItems().getSchema(), visitor);
    }
    if (schema.getAdditionalProperties() != null
        && schema.getAdditionalProperties().getSchema() != null) {
      visit(kind, path + "[*]", schema.getAdditionalProperties().getSchema(), visitor);
    }
  }
}
