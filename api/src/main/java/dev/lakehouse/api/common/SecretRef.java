package dev.lakehouse.api.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A reference to a Secret in the resource's namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretRef {
  @Required
  @Pattern(Patterns.K8S_NAME)
  @JsonPropertyDescription("Name of a Secret in the same namespace.")
  public String name;

  public SecretRef() {}

  public SecretRef(String name) {
    this.name = name;
  }
}
