package dev.lakehouse.jobs.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.api.dataset.FileFormat;
import dev.lakehouse.api.job.JobConfig;
import dev.lakehouse.api.run.RunMode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobConfigFileTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void readsTheFileTheOperatorWrites(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("job.json");
    Files.writeString(file, JobConfigs.withExecutors(JobConfigs.INGEST));

    JobConfig config = JobConfigFile.read(file);

    assertThat(config.task).isEqualTo(JobConfig.Task.ingest);
    assertThat(config.runName).isEqualTo("raygun-errors-20250101");
    assertThat(config.dataset.table.qualifiedName()).isEqualTo("bronze.raygun_errors");
    assertThat(config.dataset.source.files.format).isEqualTo(FileFormat.json);
    assertThat(config.run.batchSize).isEqualTo(500);
    assertThat(config.run.mode).isEqualTo(RunMode.incremental);
    assertThat(config.storage.bucket).isEqualTo("lakehouse");
    assertThat(config.storage.pathStyleAccess).isTrue();
    assertThat(config.sparkConf).containsEntry("spark.sql.shuffle.partitions", "16");
    assertThat(config.executors.instances).isEqualTo(3);
    assertThat(config.executors.labels).containsEntry("lakehouse.dev/run", config.runName);

    JobConfig drop = JobConfigFile.parse("job.json", JobConfigs.DROP_TABLE);
    assertThat(drop.task).isEqualTo(JobConfig.Task.dropTable);
    assertThat(drop.runName).isNull();
  }

  @ParameterizedTest
  @CsvSource({
    "task, ' (ingest or dropTable)'",
    "storage, ''",
    "storage.bucket, ''",
    "storage.endpoint, ''",
    "metastoreUri, ''",
    "dataset, ''",
    "dataset.table, ''",
    "dataset.table.schema, ''",
    "dataset.table.name, ''",
    "runName, ' for task ingest'",
    "runId, ' for task ingest'",
    "datasetName, ' for task ingest'",
    "run, ' for task ingest'",
    "executors.instances, ' with executors'",
    "executors.image, ' with executors'",
  })
  void eachMissingFieldIsOneLineNamingIt(String field, String when) throws Exception {
    ObjectNode job = (ObjectNode) JSON.readTree(JobConfigs.withExecutors(JobConfigs.INGEST));
    String[] path = field.split("\\.");
    ObjectNode parent = job;
    for (int i = 0; i < path.length - 1; i++) {
      parent = (ObjectNode) parent.get(path[i]);
    }
    parent.remove(path[path.length - 1]);

    assertThatThrownBy(() -> JobConfigFile.parse("job.json", JSON.writeValueAsString(job)))
        .isInstanceOf(JobConfigException.class)
        .hasMessage("job.json: \"" + field + "\" is required" + when);
  }

  @Test
  void aDropTableJobNeedsNoRun() throws Exception {
    ObjectNode job = (ObjectNode) JSON.readTree(JobConfigs.DROP_TABLE);
    job.remove("datasetName");
    assertThat(JobConfigFile.parse("job.json", JSON.writeValueAsString(job)).dataset).isNotNull();
    ((ObjectNode) job.get("storage")).put("bucket", " ");
    assertThatThrownBy(() -> JobConfigFile.parse("job.json", JSON.writeValueAsString(job)))
        .hasMessage("job.json: \"storage.bucket\" is required");
  }

  @Test
  void typosWrongTypesAndBrokenJsonAreOneLineEach(@TempDir Path dir) {
    assertThatThrownBy(
            () ->
                JobConfigFile.parse(
                    "job.json", JobConfigs.INGEST.replace("\"metastoreUri\"", "\"metastoreURI\"")))
        .hasMessage("job.json: unknown field \"metastoreURI\"");
    assertThatThrownBy(
            () ->
                JobConfigFile.parse(
                    "job.json", JobConfigs.INGEST.replace("\"multiLine\"", "\"multiline\"")))
        .hasMessage("job.json: unknown field \"dataset.source.files.multiline\"");
    assertThatThrownBy(
            () ->
                JobConfigFile.parse(
                    "job.json",
                    JobConfigs.INGEST.replace("\"batchSize\": 500", "\"batchSize\": \"many\"")))
        .hasMessageStartingWith("job.json: field \"run.batchSize\": Cannot deserialize value")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(
            () ->
                JobConfigFile.parse(
                    "job.json",
                    JobConfigs.INGEST.replace("\"task\": \"ingest\"", "\"task\": \"ingestion\"")))
        .hasMessageStartingWith("job.json: field \"task\": ")
        .hasMessageContaining("ingest, dropTable")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> JobConfigFile.parse("job.json", "{\"task\": "))
        .hasMessageStartingWith("job.json: ")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> JobConfigFile.parse("job.json", ""))
        .hasMessage("job.json: empty (expected a JSON object)");
    assertThatThrownBy(
            () ->
                JobConfigFile.parse(
                    "job.json",
                    JobConfigs.withExecutors(JobConfigs.INGEST)
                        .replace("\"instances\": 3", "\"instances\": 0")))
        .hasMessage(
            "job.json: \"executors.instances\" must be at least 1 (omit executors for local mode)");
    Path missing = dir.resolve("job.json");
    assertThatThrownBy(() -> JobConfigFile.read(missing))
        .hasMessage(missing + ": no such file (is the job ConfigMap mounted?)");
  }
}
