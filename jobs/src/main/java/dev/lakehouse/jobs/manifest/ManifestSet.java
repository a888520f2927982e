package dev.lakehouse.jobs.manifest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.lakehouse.api.dataset.DatasetSpec;
import dev.lakehouse.api.dataset.Layer;
import dev.lakehouse.api.lakehouse.LakehouseSpec;
import dev.lakehouse.api.query.QuerySpec;
import dev.lakehouse.api.run.IngestionRunSpec;
import dev.lakehouse.jobs.Messages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The Lakehouse, Dataset, IngestionRun and Query manifests of a file or folder: the same YAML that
 * goes to a cluster. Unknown fields are errors (a typo must not be dropped silently); other kinds
 * (Secrets, ...) are ignored.
 */
public final class ManifestSet {
  static final String API_VERSION = "lakehouse.dev/v1alpha1";
  private static final Set<String> TOP_LEVEL =
      Set.of("apiVersion", "kind", "metadata", "spec", "status");

  private final ObjectMapper yaml =
      new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public final List<Manifest<LakehouseSpec>> lakehouses = new ArrayList<>();
  public final List<Manifest<DatasetSpec>> datasets = new ArrayList<>();
  public final List<Manifest<IngestionRunSpec>> runs = new ArrayList<>();
  public final List<Manifest<QuerySpec>> queries = new ArrayList<>();

  public static ManifestSet load(List<Path> paths) throws ManifestException {
    ManifestSet set = new ManifestSet();
    for (Path path : paths) {
      for (Path file : files(path)) {
        set.read(file);
      }
    }
    set.check();
    return set;
  }

  static List<Path> files(Path path) throws ManifestException {
    if (!Files.exists(path)) {
      throw new ManifestException(path + ": no such file or folder");
    }
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    try (Stream<Path> walk = Files.walk(path)) {
      return walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new ManifestException(path + ": " + e.getMessage());
    }
  }

  private void read(Path file) throws ManifestException {
    List<JsonNode> documents;
    try (var parser = yaml.getFactory().createParser(file.toFile())) {
      documents = yaml.readValues(parser, JsonNode.class).readAll();
    } catch (IOException e) {
      throw new ManifestException(file + ": not valid YAML: " + Messages.firstLine(e.getMessage()));
    }
    int index = 0;
    for (JsonNode document : documents) {
      index++;
      if (document == null || document.isNull() || document.isEmpty()) {
        continue;
      }
      if (!API_VERSION.equals(document.path("apiVersion").asText())) {
        continue;
      }
      String kind = document.path("kind").asText();
      String where = file + " (document " + index + ", " + kind + ")";
      String name = document.path("metadata").path("name").asText("");
      if (name.isEmpty()) {
        throw new ManifestException(where + ": metadata.name is required");
      }
      Iterable<String> fields = document::fieldNames;
      for (String field : fields) {
        if (!TOP_LEVEL.contains(field)) {
          throw new ManifestException(where + " " + name + ": unknown field \"" + field + "\"");
        }
      }
      String namespace = document.path("metadata").path("namespace").asText("default");
      String uid = document.path("metadata").path("uid").asText(null);
      switch (kind) {
        case "Lakehouse" ->
            lakehouses.add(
                manifest(file, kind, name, namespace, uid, document, LakehouseSpec.class));
        case "Dataset" ->
            datasets.add(manifest(file, kind, name, namespace, uid, document, DatasetSpec.class));
        case "IngestionRun" ->
            runs.add(manifest(file, kind, name, namespace, uid, document, IngestionRunSpec.class));
        case "Query" ->
            queries.add(manifest(file, kind, name, namespace, uid, document, QuerySpec.class));
        default ->
            throw new ManifestException(
                where
                    + ": unknown kind \""
                    + kind
                    + "\" (lakehouse.dev/v1alpha1 has Lakehouse, Dataset, IngestionRun and Query)");
      }
    }
  }

  private <S> Manifest<S> manifest(
      Path file,
      String kind,
      String name,
      String namespace,
      String uid,
      JsonNode document,
      Class<S> type)
      throws ManifestException {
    String where = file + ": " + kind + " " + name;
    JsonNode spec = document.get("spec");
    if (spec == null || spec.isNull()) {
      throw new ManifestException(where + ": spec is required");
    }
    try {
      return new Manifest<>(file, kind, name, namespace, uid, yaml.treeToValue(spec, type));
    } catch (UnrecognizedPropertyException e) {
      throw new ManifestException(where + ": unknown field \"" + path(e) + "\"");
    } catch (JsonMappingException e) {
      throw new ManifestException(
          where + ": field \"" + path(e) + "\": " + Messages.firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new ManifestException(where + ": " + Messages.firstLine(e.getMessage()));
    }
  }

  private static String path(JsonMappingException e) {
    return "spec."
        + e.getPath().stream()
            .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining("."))
            .replace(".[", "[");
  }

  /** What the CRD schema would refuse and the references between resources. */
  private void check() throws ManifestException {
    Map<String, Manifest<DatasetSpec>> byName = new HashMap<>();
    for (Manifest<DatasetSpec> d : datasets) {
      DatasetSpec spec = d.spec();
      if (spec.table == null || spec.table.schema == null || spec.table.name == null) {
        throw new ManifestException(d.describe() + ": spec.table needs schema and name");
      }
      if (spec.layer == null) {
        throw new ManifestException(
            d.describe() + ": spec.layer is required (bronze, silver or gold)");
      }
      if (spec.layer == Layer.bronze && spec.source == null) {
        throw new ManifestException(d.describe() + ": a bronze Dataset needs spec.source");
      }
      if (spec.layer != Layer.bronze && spec.transform == null) {
        throw new ManifestException(
            d.describe() + ": silver and gold Datasets need spec.transform");
      }
      if (spec.source != null && spec.source.files != null && spec.source.files.format == null) {
        throw new ManifestException(
            d.describe() + ": spec.source.files.format is required (json, csv or parquet)");
      }
      if (byName.put(d.name(), d) != null) {
        throw new ManifestException(d.describe() + ": a second Dataset with this name");
      }
    }
    for (Manifest<DatasetSpec> d : datasets) {
      if (d.spec().transform != null) {
        for (String upstream : d.spec().transform.upstream) {
          if (!byName.containsKey(upstream)) {
            throw new ManifestException(
                d.describe()
                    + ": spec.transform.upstream names Dataset \""
                    + upstream
                    + "\", which is not in the given manifests");
          }
        }
      }
    }
    Set<String> runNames = new HashSet<>();
    for (Manifest<IngestionRunSpec> r : runs) {
      if (r.spec().dataset == null || !byName.containsKey(r.spec().dataset)) {
        throw new ManifestException(
            r.describe()
                + ": spec.dataset \""
                + r.spec().dataset
                + "\" is not a Dataset in the given manifests");
      }
      if (!runNames.add(r.name())) {
        throw new ManifestException(r.describe() + ": a second IngestionRun with this name");
      }
    }
    for (Manifest<QuerySpec> q : queries) {
      if (q.spec().sql == null || q.spec().sql.isBlank()) {
        throw new ManifestException(q.describe() + ": spec.sql is required");
      }
    }
  }

  public Optional<Manifest<DatasetSpec>> dataset(String name) {
    return datasets.stream().filter(d -> d.name().equals(name)).findFirst();
  }
}
