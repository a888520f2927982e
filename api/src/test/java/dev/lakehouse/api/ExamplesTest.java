package dev.lakehouse.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every manifest under examples/ is accepted by the CRDs, and the pipelines refer to each other.
 */
class ExamplesTest {
  /** One lakehouse.dev document and the file it came from. */
  record Document(Path file, Map<String, Object> manifest) {
    String kind() {
      return (String) manifest.get("kind");
    }

    String name() {
      return (String) metadata().get("name");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> metadata() {
      return (Map<String, Object>) manifest.getOrDefault("metadata", Map.of());
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> spec() {
      return (Map<String, Object>) manifest.getOrDefault("spec", Map.of());
    }
  }

  static Path examplesDir() {
    return CrdFiles.projectRoot().resolve("examples");
  }

  /** Every document of every *.yaml file under {@code dir}, in file order. */
  static List<Document> allDocuments(Path dir) {
    List<Document> documents = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        for (Map<String, Object> manifest : ManifestValidator.loadAll(file)) {
          documents.add(new Document(file, manifest));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return documents;
  }

  /** The documents the CRDs cover; Secrets and other kinds are for the API server alone. */
  static List<Document> lakehouseDocuments(Path dir) {
    return allDocuments(dir).stream()
        .filter(d -> ManifestValidator.shared().handles(d.manifest()))
        .toList();
  }

  /** "file: error" for every error in the lakehouse.dev documents under {@code dir}. */
  static List<String> errors(Path dir) {
    List<String> errors = new ArrayList<>();
    for (Document document : lakehouseDocuments(dir)) {
      for (String error : ManifestValidator.shared().validate(document.manifest())) {
        errors.add(dir.relativize(document.file()) + ": " + error);
      }
    }
    return errors;
  }

  @Test
  void everyExampleIsValid() {
    assertThat(errors(examplesDir())).isEmpty();
  }

  @Test
  void everyKindAppears() {
    assertThat(lakehouseDocuments(examplesDir()).stream().map(Document::kind).distinct())
        .containsExactlyInAnyOrder("Lakehouse", "Dataset", "IngestionRun", "Query");
  }

  @Test
  void aTypoInAFieldNameFails(@TempDir Path dir) throws IOException {
    String datasets = Files.readString(examplesDir().resolve("raygun/datasets.yaml"));
    assertThat(datasets).contains("\n  table:\n");
    Files.writeString(
        dir.resolve("datasets.yaml"), datasets.replaceFirst("\n  table:\n", "\n  tabel:\n"));

    assertThat(errors(dir))
        .contains(
            "datasets.yaml: unknown field \"spec.tabel\"",
            "datasets.yaml: spec.table: Required value");
  }

  @Test
  void referencesResolveWithinTheExamples() {
    List<Document> documents = lakehouseDocuments(examplesDir());
    Set<String> lakehouses = names(documents, "Lakehouse");
    Map<String, Document> datasets = new HashMap<>();
    documents.stream()
        .filter(d -> d.kind().equals("Dataset"))
        .forEach(d -> datasets.put(d.name(), d));
    List<String> problems = new ArrayList<>();
    Set<String> tables = new HashSet<>();
    for (Document document : documents) {
      Map<String, Object> spec = document.spec();
      String where =
          examplesDir().relativize(document.file()) + " " + document.kind() + " " + document.name();
      switch (document.kind()) {
        case "Dataset" -> {
          if (!lakehouses.contains(spec.get("lakehouse"))) {
            problems.add(where + ": no Lakehouse " + spec.get("lakehouse"));
          }
          String table = qualifiedTable(document);
          if (!tables.add(spec.get("lakehouse") + "/" + table)) {
            problems.add(where + ": a second Dataset writes " + table);
          }
          if (spec.get("transform") instanceof Map<?, ?> transform) {
            for (Object upstream : (List<?>) transform.get("upstream")) {
              Document source = datasets.get(upstream);
              if (source == null
                  || !source.file().getParent().equals(document.file().getParent())) {
                problems.add(
                    where + ": upstream " + upstream + " is not a Dataset of this example");
              } else if (!((String) transform.get("sql")).contains(qualifiedTable(source))) {
                problems.add(where + ": the SQL does not read upstream " + qualifiedTable(source));
              }
            }
          }
        }
        case "IngestionRun" -> {
          Document dataset = datasets.get(spec.get("dataset"));
          if (dataset == null || !"bronze".equals(dataset.spec().get("layer"))) {
            problems.add(where + ": no bronze Dataset " + spec.get("dataset"));
          }
        }
        case "Query" -> {
          if (!lakehouses.contains(spec.get("lakehouse"))) {
            problems.add(where + ": no Lakehouse " + spec.get("lakehouse"));
          }
        }
        default -> {}
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void secretsALakehouseNamesAreInItsFile() {
    List<Document> all = allDocuments(examplesDir());
    for (Document lakehouse :
        all.stream().filter(d -> "Lakehouse".equals(d.manifest().get("kind"))).toList()) {
      Set<String> secrets = new HashSet<>();
      all.stream()
          .filter(
              d -> d.file().equals(lakehouse.file()) && "Secret".equals(d.manifest().get("kind")))
          .forEach(d -> secrets.add(d.name()));
      assertThat(secrets)
          .as("Secrets in %s", lakehouse.file().getFileName())
          .containsAll(secretNames(lakehouse.spec(), new ArrayList<>()));
    }
  }

  private static List<String> secretNames(Object value, List<String> names) {
    if (value instanceof Map<?, ?> map) {
      map.forEach(
          (key, child) -> {
            if (key.equals("credentialsSecret") && child instanceof Map<?, ?> ref) {
              names.add((String) ref.get("name"));
            } else {
              secretNames(child, names);
            }
          });
    } else if (value instanceof List<?> list) {
      list.forEach(item -> secretNames(item, names));
    }
    return names;
  }

  private static Set<String> names(List<Document> documents, String kind) {
    Set<String> names = new HashSet<>();
    documents.stream().filter(d -> d.kind().equals(kind)).forEach(d -> names.add(d.name()));
    return names;
  }

  private static String qualifiedTable(Document dataset) {
    Map<?, ?> table = (Map<?, ?>) dataset.spec().get("table");
    return table.get("schema") + "." + table.get("name");
  }
}
