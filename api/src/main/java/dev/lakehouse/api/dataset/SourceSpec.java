package dev.lakehouse.api.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** Where a bronze Dataset reads from. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "(has(self.files) ? 1 : 0) + (has(self.kafka) ? 1 : 0) + (has(self.jdbc) ? 1 : 0) == 1",
    message = "spec.source needs exactly one of files, kafka or jdbc")
public class SourceSpec {
  @JsonPropertyDescription(
      "Files landed under a prefix of the Lakehouse bucket; each run takes the ones no earlier"
          + " run committed.")
  public FilesSource files;

  @JsonPropertyDescription("A Kafka topic.")
  public KafkaSource kafka;

  @JsonPropertyDescription("A database table read over JDBC, by a growing column.")
  public JdbcSource jdbc;
}
