package dev.lakehouse.api.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.lakehouse.api.common.Patterns;
import dev.lakehouse.api.lakehouse.DatabaseCredentialsRef;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A relational table read incrementally by a monotonically growing column. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JdbcSource {
  @Required
  @Pattern("^jdbc:[a-z0-9]+:[^\\s]+$")
  public String url;

  @Required
  @Pattern("^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?$")
  public String table;

  @Pattern(Patterns.COLUMN_NAME)
  @JsonPropertyDescription(
      "Column whose largest ingested value is the checkpoint offset; every row when empty.")
  public String incrementalColumn;

  @Required public DatabaseCredentialsRef credentialsSecret;
}
