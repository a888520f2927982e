package dev.lakehouse.operator.dataset;

import dev.lakehouse.api.dataset.Dataset;
import dev.lakehouse.api.job.JobConfig;
import dev.lakehouse.api.run.IngestionRun;
import dev.lakehouse.api.run.IngestionRunSpec;
import dev.lakehouse.operator.k8s.Labels;
import dev.lakehouse.operator.k8s.Owners;
import dev.lakehouse.operator.lakehouse.LakehouseModel;
import dev.lakehouse.operator.pods.JobsImagePod;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds what a Dataset creates: its IngestionRuns, and the Job that drops its table. All owned by
 * the Dataset, so they go when it goes.
 */
public final class DatasetObjects {
  public static final String DROP_TABLE = "drop-table";

  private final Dataset dataset;
  private final DatasetNames names;

  public DatasetObjects(Dataset dataset) {
    this.dataset = dataset;
    this.names = new DatasetNames(dataset.getMetadata().getName());
  }

  public DatasetNames names() {
    return names;
  }

  /** A run with nothing but the Dataset set: every other field keeps its default. */
  /** A run the Dataset creates; {@code sequence} orders it after the Dataset's earlier runs. */
  public IngestionRun run(String name, long sequence) {
    IngestionRun run = new IngestionRun();
    run.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(dataset.getMetadata().getNamespace())
            .addToLabels(Labels.MANAGED_BY, Labels.MANAGER)
            .addToLabels(Labels.DATASET, dataset.getMetadata().getName())
            .addToAnnotations(Labels.RUN_SEQUENCE, Long.toString(sequence))
            .withOwnerReferences(Owners.controllerReference(dataset))
            .build());
    IngestionRunSpec spec = new IngestionRunSpec();
    spec.dataset = dataset.getMetadata().getName();
    run.setSpec(spec);
    return run;
  }

  public ConfigMap dropConfigMap(LakehouseModel lakehouse) {
    JobConfig config =
        JobsImagePod.baseConfig(
            lakehouse,
            JobConfig.Task.dropTable,
            dataset.getMetadata().getName(),
            dataset.getSpec());
    return JobsImagePod.configMap(meta(names.dropConfigMap(), labels()), config);
  }

  public Job dropJob(LakehouseModel lakehouse, int attempt) {
    Map<String, String> labels = labels();
    labels.put(Labels.ATTEMPT, Integer.toString(attempt));
    var pod =
        new JobsImagePod(
            lakehouse,
            lakehouse.jobsImage(),
            JobsImagePod.resourcesOr(lakehouse.ingestion().resources),
            null,
            names.dropConfigMap(),
            labels);
    Job job = pod.job(meta(names.dropJob(attempt), labels));
    // Dropping a table talks to the metastore and object storage, never to the Kubernetes API.
    job.getSpec().getTemplate().getSpec().setAutomountServiceAccountToken(false);
    return job;
  }

  /** Selects the drop-table objects of every Dataset, and nothing the runs create. */
  public static String dropSelector() {
    return Labels.MANAGED_SELECTOR
        + ","
        + Labels.COMPONENT
        + "="
        + DROP_TABLE
        + ","
        + Labels.DATASET;
  }

  private Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Labels.NAME, "lakehouse-jobs");
    labels.put(Labels.COMPONENT, DROP_TABLE);
    labels.put(Labels.PART_OF, "lakehouse");
    labels.put(Labels.MANAGED_BY, Labels.MANAGER);
    labels.put(Labels.DATASET, dataset.getMetadata().getName());
    return labels;
  }

  private ObjectMeta meta(String name, Map<String, String> labels) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(dataset.getMetadata().getNamespace())
        .withLabels(new LinkedHashMap<>(labels))
        .withOwnerReferences(Owners.controllerReference(dataset))
        .build();
  }
}
