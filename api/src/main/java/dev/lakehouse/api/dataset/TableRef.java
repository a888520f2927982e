package dev.lakehouse.api.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.lakehouse.api.common.Patterns;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A table in the metastore: schema (database) and name. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TableRef {
  @Required
  @Pattern(Patterns.SQL_IDENTIFIER)
  @Size(max = 128)
  public String schema;

  @Required
  @Pattern(Patterns.SQL_IDENTIFIER)
  @Size(max = 128)
  public String name;

  public TableRef() {}

  public TableRef(String schema, String name) {
    this.schema = schema;
    this.name = name;
  }

  public String qualifiedName() {
    return schema + "." + name;
  }
}
