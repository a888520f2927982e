package dev.lakehouse.api.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Map;

/**
 * A Kafka topic read from committed offsets (a later source kind; the checkpoint model fits it).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KafkaSource {
  @Required
  @Size(min = 1, max = 1024)
  public String bootstrapServers;

  @Required
  @io.fabric8.generator.annotation.Pattern("^[a-zA-Z0-9._-]{1,249}$")
  public String topic;

  @Default("earliest")
  public StartingOffsets startingOffsets = StartingOffsets.earliest;

  @Size(max = 50)
  public Map<String, String> options;

  /** Where a first run starts. */
  public enum StartingOffsets {
    earliest,
    latest
  }
}
