package dev.lakehouse.api.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.lakehouse.api.common.Column;
import dev.lakehouse.api.common.Patterns;
import dev.lakehouse.api.common.Schedule;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** What table a Dataset is, where its rows come from and how they are written. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.layer != 'bronze' || has(self.source)",
    message = "a bronze Dataset needs spec.source")
@ValidationRule(
    value = "self.layer == 'bronze' || has(self.transform)",
    message = "silver and gold Datasets need spec.transform")
@ValidationRule(
    value = "!(has(self.source) && has(self.transform))",
    message =
        "spec.source and spec.transform are exclusive: a Dataset is either ingested or derived")
@ValidationRule(
    value = "!has(self.runAfterUpstream) || !self.runAfterUpstream || has(self.transform)",
    message = "spec.runAfterUpstream needs spec.transform")
public class DatasetSpec {
  @Required
  @Pattern(Patterns.K8S_NAME)
  @Size(max = 63)
  @ValidationRule(value = "self == oldSelf", message = "spec.lakehouse is immutable")
  @JsonPropertyDescription("Name of the Lakehouse (same namespace) that holds the table.")
  public String lakehouse;

  @Required
  @ValidationRule(value = "self == oldSelf", message = "spec.layer is immutable")
  public Layer layer;

  @Required
  @ValidationRule(
      value = "self == oldSelf",
      message = "spec.table is immutable: create a new Dataset to write another table")
  public TableRef table;

  @JsonPropertyDescription(
      "Where a bronze Dataset reads its rows: exactly one of files, kafka or jdbc.")
  public SourceSpec source;

  @JsonPropertyDescription("For silver and gold: SQL over upstream Datasets.")
  public TransformSpec transform;

  @Size(max = 500)
  @JsonPropertyDescription(
      "Declared columns; when empty, the schema is inferred once per run from a sample.")
  public List<Column> columns;

  @Size(max = 8)
  public List<@Pattern(Patterns.COLUMN_NAME) String> partitionBy;

  @Default("addNewColumns")
  public SchemaEvolution schemaEvolution = SchemaEvolution.addNewColumns;

  @Size(max = 50)
  public List<Expectation> expectations;

  @Default("'0'")
  @Pattern(Patterns.FRACTION)
  @JsonPropertyDescription(
      "Largest fraction of rejected rows a run accepts before it fails, as a decimal string.")
  public String maxRejectedFraction = "0";

  public WriteSpec write;

  /**
   * The write mode in effect: the spec's, else append for files and overwrite for a transform,
   * whose SELECT is the whole table each time (appending it would repeat every row per run).
   */
  public WriteSpec.Mode writeMode() {
    if (write != null && write.mode != null) {
      return write.mode;
    }
    return transform != null ? WriteSpec.Mode.overwrite : WriteSpec.Mode.append;
  }

  @JsonPropertyDescription("Create IngestionRuns on a cron schedule.")
  public Schedule schedule;

  @JsonPropertyDescription(
      "For silver and gold: run after each successful run of an upstream Dataset.")
  public Boolean runAfterUpstream;

  @JsonPropertyDescription("How many finished IngestionRuns of this Dataset to keep.")
  public RunHistoryLimits history;

  @Default("Retain")
  @JsonPropertyDescription(
      "Retain keeps the table when the Dataset is deleted; Drop removes it from the catalog and storage.")
  public DeletionPolicy deletionPolicy = DeletionPolicy.Retain;
}
