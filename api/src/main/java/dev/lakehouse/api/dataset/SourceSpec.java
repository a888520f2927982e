package dev.lakehouse.api.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.ValidationRule;

/** Where a bronze Dataset reads from. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "(has(self.files) ? 1 : 0) + (has(self.kafka) ? 1 : 0) + (has(self.jdbc) ? 1 : 0) == 1",
    message = "spec.source needs exactly one of files, kafka or jdbc")
public class SourceSpec {
  public FilesSource files;
  public KafkaSource kafka;
  public JdbcSource jdbc;
}
