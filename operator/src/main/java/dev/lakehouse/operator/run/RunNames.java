package dev.lakehouse.operator.run;

import dev.lakehouse.operator.k8s.BoundedName;

/** Every name derived from an IngestionRun's name; the same every time, so nothing starts twice. */
public record RunNames(String run) {
  public String configMap() {
    return BoundedName.of(run, "-job");
  }

  /** The service account, Role and RoleBinding of the run's pods share this name. */
  public String serviceAccount() {
    return BoundedName.of(run, "-ingest");
  }

  /** One Job per attempt: a retry never reuses a name, so a stale cache cannot confuse them. */
  public String job(int attempt) {
    return BoundedName.of(run, "-" + attempt);
  }

  /** Prefix of executor pod names (Spark appends {@code -exec-<n>}). */
  public String executorPrefix() {
    return BoundedName.of(run, "-spark");
  }
}
