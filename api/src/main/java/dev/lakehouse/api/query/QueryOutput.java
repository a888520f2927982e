package dev.lakehouse.api.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.lakehouse.api.common.Patterns;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Where a Query writes its full result. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class QueryOutput {
  @Required
  @Pattern(Patterns.RELATIVE_PREFIX)
  @Size(min = 1, max = 1024)
  @JsonPropertyDescription("Key prefix in the lakehouse bucket, for example reports/top-ips/.")
  public String path;

  @Default("csv")
  public Format format = Format.csv;

  /** Output formats. */
  public enum Format {
    csv,
    parquet
  }
}
