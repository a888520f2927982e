package dev.lakehouse.operator.lakehouse;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;

/** One key of one Secret, handed to a container as an environment variable. */
public record SecretKey(String secretName, String key) {
  public EnvVar asEnv(String variable) {
    return new EnvVarBuilder()
        .withName(variable)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(secretName)
        .withKey(key)
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }
}
