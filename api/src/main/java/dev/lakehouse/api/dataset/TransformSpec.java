package dev.lakehouse.api.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.lakehouse.api.common.Patterns;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** A Spark SQL query over upstream Datasets' tables. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TransformSpec {
  @Required
  @Size(min = 1, max = 20)
  @JsonPropertyDescription("Names of the Datasets whose tables the SQL reads.")
  public List<@Pattern(Patterns.K8S_NAME) String> upstream;

  @Required
  @Size(min = 1, max = 65536)
  @JsonPropertyDescription("A SELECT over the upstream tables, named schema.table.")
  public String sql;
}
