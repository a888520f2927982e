package dev.lakehouse.jobs.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestSetTest {
  @TempDir Path dir;

  static final String DATASET =
      """
      apiVersion: lakehouse.dev/v1alpha1
      kind: Dataset
      metadata: {name: events}
      spec:
        lakehouse: demo
        layer: bronze
        table: {schema: bronze, name: events}
        source:
          files: {prefix: landing/events/, format: json}
      """;

  Path write(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  @Test
  void loadsEveryExampleFolder() throws Exception {
    ManifestSet all = ManifestSet.load(List.of(Path.of("..", "examples")));
    assertThat(all.lakehouses).hasSize(2);
    assertThat(all.datasets)
        .extracting(Manifest::name)
        .contains("raygun-errors", "requests-by-ip", "pokemon", "machine-learning-curated");
    assertThat(all.runs).isNotEmpty();
    assertThat(all.queries).isNotEmpty();
  }

  @Test
  void aTypoIsAnErrorNamingFileResourceAndField() throws Exception {
    Path file = write("typo.yaml", DATASET.replace("table:", "tabel:"));
    assertThatThrownBy(() -> ManifestSet.load(List.of(file)))
        .hasMessage(file + ": Dataset events: unknown field \"spec.tabel\"");
    Path nested =
        write("nested.yaml", DATASET.replace("format: json", "format: json, multiline: true"));
    assertThatThrownBy(() -> ManifestSet.load(List.of(nested)))
        .hasMessageContaining("unknown field \"spec.source.files.multiline\"");
  }

  @Test
  void aWrongValueNamesTheField() throws Exception {
    Path file = write("enum.yaml", DATASET.replace("format: json", "format: xml"));
    assertThatThrownBy(() -> ManifestSet.load(List.of(file)))
        .hasMessageContaining("Dataset events: field \"spec.source.files.format\"");
  }

  @Test
  void referencesMustResolve() throws Exception {
    write("dataset.yaml", DATASET);
    write(
        "run.yaml",
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: IngestionRun
        metadata: {name: events-1}
        spec: {dataset: evnets}
        """);
    assertThatThrownBy(() -> ManifestSet.load(List.of(dir)))
        .hasMessageContaining(
            "IngestionRun events-1: spec.dataset \"evnets\" is not a Dataset in the given manifests");
  }

  @Test
  void otherKindsAreIgnoredAndUnknownLakehouseKindsAreNot() throws Exception {
    write(
        "a.yaml",
        DATASET + "---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {a: b}\n");
    assertThat(ManifestSet.load(List.of(dir)).datasets).hasSize(1);
    Path file =
        write(
            "b.yaml",
            "apiVersion: lakehouse.dev/v1alpha1\nkind: Pipeline\nmetadata: {name: p}\nspec: {}\n");
    assertThatThrownBy(() -> ManifestSet.load(List.of(file)))
        .hasMessageContaining("unknown kind \"Pipeline\"");
  }

  @Test
  void brokenYamlAndMissingFilesAreOneLine() throws Exception {
    Path file = write("broken.yaml", "kind: [unclosed\n");
    assertThatThrownBy(() -> ManifestSet.load(List.of(file)))
        .hasMessageStartingWith(file + ": not valid YAML")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThatThrownBy(() -> ManifestSet.load(List.of(dir.resolve("nope"))))
        .hasMessageContaining("no such file");
  }
}
