package dev.lakehouse.api.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.lakehouse.api.common.Patterns;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A data-quality rule: a SQL predicate every row should satisfy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Expectation {
  @Required
  @Pattern(Patterns.SQL_IDENTIFIER)
  @Size(max = 63)
  public String name;

  @Required
  @Size(min = 1, max = 4096)
  @JsonPropertyDescription(
      "Spark SQL boolean expression, for example Request.IpAddress IS NOT NULL.")
  public String sql;

  @Default("quarantine")
  public Action onViolation = Action.quarantine;

  /** What happens to a row that violates the expectation. */
  public enum Action {
    warn,
    drop,
    quarantine,
    fail
  }
}
