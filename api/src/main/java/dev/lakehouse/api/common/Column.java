package dev.lakehouse.api.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A column: declared in a Dataset spec, or reported in a status. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Column {
  @Required
  @Pattern(Patterns.COLUMN_NAME)
  @Size(max = 128)
  public String name;

  @Required
  @Size(min = 1, max = 4096)
  @JsonPropertyDescription(
      "Spark SQL type, for example string, bigint, timestamp, decimal(10,2), array<string>, struct<a:int,b:string>.")
  public String type;

  @JsonPropertyDescription("Whether the column accepts nulls (default true).")
  public Boolean nullable;

  @Size(max = 1024)
  public String comment;

  public Column() {}

  public Column(String name, String type) {
    this.name = name;
    this.type = type;
  }
}
