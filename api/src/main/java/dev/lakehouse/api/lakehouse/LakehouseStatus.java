package dev.lakehouse.api.lakehouse;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** Observed state of a Lakehouse. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LakehouseStatus {
  public Long observedGeneration;

  @JsonPropertyDescription("Provisioning, Ready, Degraded or Invalid.")
  public String phase;

  public List<Condition> conditions;

  @JsonPropertyDescription("Trino workers ready of desired, for example 2/3.")
  public String trinoWorkers;

  @JsonPropertyDescription("Where other resources and users reach the components.")
  public Endpoints endpoints;

  @JsonPropertyDescription("Names (never contents) of the Secrets that hold the credentials.")
  public CredentialSecrets credentials;

  /** Endpoints inside the cluster. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Endpoints {
    public String s3;
    public String bucket;
    public String metastore;
    public String trino;
    public String trinoJdbc;
  }

  /** The Secrets behind each component (generated or referenced). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class CredentialSecrets {
    public String storage;
    public String catalog;
    public String trino;
  }
}
