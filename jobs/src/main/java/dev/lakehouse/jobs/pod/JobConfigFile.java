package dev.lakehouse.jobs.pod;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lakehouse.api.job.JobConfig;
import dev.lakehouse.jobs.Messages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Reads the {@link JobConfig} the operator mounts into the pod. A field it does not know, a value
 * of the wrong type or a field the task needs but lacks is one line naming the field, since that
 * line ends up in the IngestionRun's status.
 */
public final class JobConfigFile {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private JobConfigFile() {}

  public static JobConfig read(Path file) throws JobConfigException {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new JobConfigException(file + ": no such file (is the job ConfigMap mounted?)");
    } catch (IOException e) {
      throw new JobConfigException(file + ": cannot be read: " + Messages.firstLine(e));
    }
    return parse(file.toString(), text);
  }

  static JobConfig parse(String where, String json) throws JobConfigException {
    if (json.isBlank()) {
      throw new JobConfigException(where + ": empty (expected a JSON object)");
    }
    JobConfig config;
    try {
      config = JSON.readValue(json, JobConfig.class);
    } catch (UnrecognizedPropertyException e) {
      throw new JobConfigException(where + ": unknown field \"" + path(e) + "\"");
    } catch (JsonMappingException e) {
      String field = path(e);
      throw new JobConfigException(
          where
              + (field.isEmpty() ? ": " : ": field \"" + field + "\": ")
              + Messages.firstLine(e.getOriginalMessage()));
    } catch (JsonProcessingException e) {
      throw new JobConfigException(
          where + ": not valid JSON: " + Messages.firstLine(e.getOriginalMessage()));
    }
    if (config == null) {
      throw new JobConfigException(where + ": empty (expected a JSON object)");
    }
    check(where, config);
    return config;
  }

  /** What each task needs; the CRDs already validated the Dataset and run specs themselves. */
  private static void check(String where, JobConfig c) throws JobConfigException {
    require(where, c.task, "task", " (ingest or dropTable)");
    require(where, c.storage, "storage", "");
    require(where, c.storage.bucket, "storage.bucket", "");
    require(where, c.storage.endpoint, "storage.endpoint", "");
    require(where, c.metastoreUri, "metastoreUri", "");
    require(where, c.dataset, "dataset", "");
    require(where, c.dataset.table, "dataset.table", "");
    require(where, c.dataset.table.schema, "dataset.table.schema", "");
    require(where, c.dataset.table.name, "dataset.table.name", "");
    if (c.task == JobConfig.Task.ingest) {
      require(where, c.runName, "runName", " for task ingest");
      require(where, c.runId, "runId", " for task ingest");
      require(where, c.datasetName, "datasetName", " for task ingest");
      require(where, c.run, "run", " for task ingest");
    }
    if (c.executors != null) {
      require(where, c.executors.instances, "executors.instances", " with executors");
      if (c.executors.instances < 1) {
        throw new JobConfigException(
            where + ": \"executors.instances\" must be at least 1 (omit executors for local mode)");
      }
      require(where, c.executors.image, "executors.image", " with executors");
    }
  }

  private static void require(String where, Object value, String field, String when)
      throws JobConfigException {
    if (value == null || (value instanceof String text && text.isBlank())) {
      throw new JobConfigException(where + ": \"" + field + "\" is required" + when);
    }
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }
}
