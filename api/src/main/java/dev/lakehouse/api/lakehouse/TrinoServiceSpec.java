package dev.lakehouse.api.lakehouse;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * How clients outside the cluster reach Trino. A NodePort lets a kind cluster map it to a host port
 * (see kind-config.yaml); everywhere else {@code kubectl port-forward} works without it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.nodePort) || self.type == 'NodePort'",
    message = "nodePort needs type: NodePort")
public class TrinoServiceSpec {
  /** The Service types the operator manages (a LoadBalancer is a cluster's own business). */
  public enum Type {
    ClusterIP,
    NodePort
  }

  @Default("ClusterIP")
  @JsonPropertyDescription("ClusterIP (in-cluster and port-forward) or NodePort.")
  public Type type = Type.ClusterIP;

  @Min(30000)
  @Max(32767)
  @JsonPropertyDescription(
      "The node port for Trino's HTTP port with type NodePort; the cluster picks one when unset.")
  public Integer nodePort;
}
