package dev.lakehouse.operator.bench;

import dev.lakehouse.api.dataset.Dataset;
import dev.lakehouse.api.dataset.DatasetSpec;
import dev.lakehouse.api.dataset.FileFormat;
import dev.lakehouse.api.dataset.FilesSource;
import dev.lakehouse.api.dataset.Layer;
import dev.lakehouse.api.dataset.SourceSpec;
import dev.lakehouse.api.dataset.TableRef;
import dev.lakehouse.api.run.IngestionRun;
import dev.lakehouse.api.run.IngestionRunSpec;
import dev.lakehouse.operator.testing.DemoLakehouse;
import dev.lakehouse.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The objects of the benchmark: in each namespace the Lakehouse {@code demo}, bronze Datasets
 * {@code ds-000...} and one IngestionRun {@code ds-000-run} for each of the first Datasets.
 */
final class ScalePopulation {
  private final ScaleSize size;

  ScalePopulation(ScaleSize size) {
    this.size = size;
  }

  List<String> namespaces() {
    return IntStream.range(0, size.namespaces())
        .mapToObj(i -> String.format("scale-%02d", i))
        .toList();
  }

  /** Creates every Lakehouse first, so the operator provisions them all at once. */
  void createReadyLakehouses(TestCluster cluster) {
    namespaces().forEach(ns -> cluster.controlPlane().createNamespaceNamed(ns));
    namespaces().forEach(ns -> DemoLakehouse.create(cluster.client(), ns));
    namespaces().forEach(ns -> DemoLakehouse.makeReady(cluster, ns));
  }

  void createDatasetsAndRuns(KubernetesClient client) {
    for (String ns : namespaces()) {
      for (int i = 0; i < size.datasetsPerNamespace(); i++) {
        client.resource(dataset(ns, datasetName(i))).create();
      }
    }
    for (String ns : namespaces()) {
      for (int i = 0; i < size.runsPerNamespace(); i++) {
        client.resource(run(ns, runName(datasetName(i)), datasetName(i))).create();
      }
    }
  }

  /** The run of a Dataset, if the benchmark gives it one. */
  Optional<String> runOf(String dataset) {
    int index = Integer.parseInt(dataset.substring("ds-".length()));
    return index < size.runsPerNamespace() ? Optional.of(runName(dataset)) : Optional.empty();
  }

  static String jobOf(String run) {
    return run + "-1";
  }

  private static String datasetName(int i) {
    return String.format("ds-%03d", i);
  }

  private static String runName(String dataset) {
    return dataset + "-run";
  }

  private static Dataset dataset(String namespace, String name) {
    var spec = new DatasetSpec();
    spec.lakehouse = DemoLakehouse.NAME;
    spec.layer = Layer.bronze;
    spec.table = new TableRef("bronze", name.replace('-', '_'));
    spec.source = new SourceSpec();
    spec.source.files = new FilesSource();
    spec.source.files.prefix = "landing/" + name + "/";
    spec.source.files.format = FileFormat.json;
    var dataset = new Dataset();
    dataset.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    dataset.setSpec(spec);
    return dataset;
  }

  private static IngestionRun run(String namespace, String name, String dataset) {
    var spec = new IngestionRunSpec();
    spec.dataset = dataset;
    var run = new IngestionRun();
    run.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    run.setSpec(spec);
    return run;
  }
}
