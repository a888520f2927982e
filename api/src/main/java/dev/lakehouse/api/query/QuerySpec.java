package dev.lakehouse.api.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.lakehouse.api.common.Patterns;
import dev.lakehouse.api.common.Schedule;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A SQL statement for the lakehouse's Trino. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class QuerySpec {
  @Required
  @Pattern(Patterns.K8S_NAME)
  @Size(max = 63)
  public String lakehouse;

  @Required
  @Size(min = 1, max = 65536)
  @JsonPropertyDescription("The SQL; tables are named schema.table in the lakehouse catalog.")
  public String sql;

  @Default("100")
  @Min(0)
  @Max(1000)
  @JsonPropertyDescription("How many rows to keep in status (the full result goes to output).")
  public Integer maxRows = 100;

  @Default("600")
  @Min(1)
  @Max(86400)
  @JsonPropertyDescription("Cancel the Trino query after this many seconds.")
  public Integer timeoutSeconds = 600;

  @Pattern(Patterns.SQL_IDENTIFIER)
  @JsonPropertyDescription("Default schema for unqualified table names.")
  public String schema;

  @JsonPropertyDescription("Write the full result to object storage.")
  public QueryOutput output;

  @JsonPropertyDescription("Run again on a cron schedule.")
  public Schedule schedule;
}
