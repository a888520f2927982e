package dev.lakehouse.operator.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.dataset.Dataset;
import dev.lakehouse.api.job.JobConfig;
import dev.lakehouse.api.run.IngestionRun;
import dev.lakehouse.api.run.IngestionRunSpec;
import dev.lakehouse.operator.OperatorSettings;
import dev.lakehouse.operator.k8s.Labels;
import dev.lakehouse.operator.lakehouse.Lakehouses;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

class DatasetObjectsTest {
  final Dataset dataset = Datasets.bronze("events", "data");
  final DatasetObjects objects = new DatasetObjects(dataset);

  @Test
  void aRunSetsOnlyItsDatasetAndIsOwnedByIt() {
    IngestionRun run = objects.run("events-202611211000", 7);

    assertThat(run.getMetadata().getNamespace()).isEqualTo("data");
    assertThat(run.getMetadata().getLabels())
        .containsEntry(Labels.MANAGED_BY, Labels.MANAGER)
        .containsEntry(Labels.DATASET, "events");
    assertThat(run.getMetadata().getAnnotations()).containsEntry(Labels.RUN_SEQUENCE, "7");
    assertThat(run.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getKind()).isEqualTo("Dataset");
              assertThat(o.getUid()).isEqualTo("uid-events");
              assertThat(o.getController()).isTrue();
            });
    IngestionRunSpec defaults = new IngestionRunSpec();
    defaults.dataset = "events";
    var json = new KubernetesSerialization();
    assertThat(json.asJson(run.getSpec())).isEqualTo(json.asJson(defaults));
  }

  @Test
  void theDropJobRunsTheJobsImageWithoutApiAccess() {
    var lakehouse = Lakehouses.model(Lakehouses.demo("demo", "data"));

    Job job = objects.dropJob(lakehouse, 2);
    ConfigMap config = objects.dropConfigMap(lakehouse);

    assertThat(job.getMetadata().getName()).isEqualTo("events-drop-2");
    assertThat(job.getMetadata().getLabels())
        .containsEntry(Labels.COMPONENT, DatasetObjects.DROP_TABLE)
        .containsEntry(Labels.DATASET, "events")
        .containsEntry(Labels.ATTEMPT, "2");
    assertThat(job.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo("uid-events"));
    var pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getServiceAccountName()).isNull();
    assertThat(pod.getContainers().get(0).getImage()).isEqualTo(OperatorSettings.DEFAULT_JOBS);
    assertThat(pod.getVolumes())
        .anySatisfy(v -> assertThat(v.getConfigMap().getName()).isEqualTo("events-drop"));
    JobConfig parsed =
        new KubernetesSerialization()
            .unmarshal(config.getData().get(JobConfig.FILE_NAME), JobConfig.class);
    assertThat(parsed.task).isEqualTo(JobConfig.Task.dropTable);
    assertThat(parsed.datasetName).isEqualTo("events");
    assertThat(parsed.dataset.table.qualifiedName()).isEqualTo("bronze.events");
    assertThat(parsed.storage.bucket).isEqualTo("lakehouse");
  }
}
