package dev.lakehouse.operator.dataset;

import dev.lakehouse.api.common.Schedule;
import dev.lakehouse.api.dataset.Dataset;
import dev.lakehouse.api.dataset.DatasetSpec;
import dev.lakehouse.api.dataset.FileFormat;
import dev.lakehouse.api.dataset.FilesSource;
import dev.lakehouse.api.dataset.Layer;
import dev.lakehouse.api.dataset.SourceSpec;
import dev.lakehouse.api.dataset.TableRef;
import dev.lakehouse.api.dataset.TransformSpec;
import dev.lakehouse.api.run.IngestionRun;
import dev.lakehouse.api.run.IngestionRunSpec;
import dev.lakehouse.api.run.IngestionRunStatus;
import dev.lakehouse.api.run.RunPhase;
import dev.lakehouse.operator.k8s.Owners;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;

/** Dataset and IngestionRun specs for tests. */
public final class Datasets {
  private Datasets() {}

  /** A bronze Dataset reading JSON files, in Lakehouse "demo". */
  public static Dataset bronze(String name, String namespace) {
    Dataset dataset = new Dataset();
    dataset.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(namespace)
            .withUid("uid-" + name)
            .withGeneration(1L)
            .build());
    DatasetSpec spec = new DatasetSpec();
    spec.lakehouse = "demo";
    spec.layer = Layer.bronze;
    spec.table = new TableRef("bronze", name.replace('-', '_'));
    spec.source = new SourceSpec();
    spec.source.files = new FilesSource();
    spec.source.files.prefix = "landing/" + name + "/";
    spec.source.files.format = FileFormat.json;
    dataset.setSpec(spec);
    return dataset;
  }

  /**
   * A bronze Dataset as a user writes it for {@code kubectl apply}: no uid or generation (the API
   * server assigns them), reading {@code landing/raygun/}.
   */
  public static Dataset bronzeToCreate(String name, String namespace) {
    Dataset dataset = bronze(name, namespace);
    dataset.getMetadata().setUid(null);
    dataset.getMetadata().setGeneration(null);
    dataset.getSpec().source.files.prefix = "landing/raygun/";
    return dataset;
  }

  /** A gold Dataset derived from upstream Datasets. */
  public static Dataset gold(String name, String namespace, String... upstream) {
    Dataset dataset = bronze(name, namespace);
    dataset.getSpec().layer = Layer.gold;
    dataset.getSpec().table = new TableRef("gold", name.replace('-', '_'));
    dataset.getSpec().source = null;
    dataset.getSpec().transform = new TransformSpec();
    dataset.getSpec().transform.upstream = List.of(upstream);
    dataset.getSpec().transform.sql = "SELECT 1";
    return dataset;
  }

  public static Dataset scheduled(Dataset dataset, String cron, String timeZone) {
    dataset.getSpec().schedule = new Schedule();
    dataset.getSpec().schedule.cron = cron;
    dataset.getSpec().schedule.timeZone = timeZone;
    return dataset;
  }

  /** A run of the Dataset created at the given time; owned by it unless a user made it. */
  static IngestionRun run(
      Dataset dataset, String name, String created, RunPhase phase, boolean owned) {
    IngestionRun run = new IngestionRun();
    var meta =
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(dataset.getMetadata().getNamespace())
            .withUid("uid-" + name)
            .withCreationTimestamp(created);
    if (owned) {
      meta.withOwnerReferences(Owners.controllerReference(dataset));
    }
    run.setMetadata(meta.build());
    run.setSpec(new IngestionRunSpec());
    run.getSpec().dataset = dataset.getMetadata().getName();
    if (phase != null) {
      run.setStatus(new IngestionRunStatus());
      run.getStatus().phase = phase;
    }
    return run;
  }
}
