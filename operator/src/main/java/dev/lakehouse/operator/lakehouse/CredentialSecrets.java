package dev.lakehouse.operator.lakehouse;

import dev.lakehouse.config.SeaweedfsCommand;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Secrets a Lakehouse generates when the spec references none. They carry no owner reference:
 * with volumeRetention Retain they must outlive the Lakehouse, or a re-created one could not open
 * the volumes it kept. The cleanup deletes them with volumeRetention Delete.
 */
public final class CredentialSecrets {
  public static final String ACCESS_KEY = "accessKey";
  public static final String SECRET_KEY = "secretKey";
  public static final String USERNAME = "username";
  public static final String PASSWORD = "password";
  public static final String SHARED_SECRET = "sharedSecret";

  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private CredentialSecrets() {}

  /** Every Secret this Lakehouse would generate, with fresh random values. */
  public static List<Secret> generate(LakehouseModel model, SecureRandom random) {
    LakehouseNames names = model.names();
    List<Secret> secrets = new ArrayList<>();
    if (model.deploysStorage()) {
      secrets.add(
          secret(
              model,
              names.storageSecret(),
              Map.of(ACCESS_KEY, "lakehouse-" + token(random, 12), SECRET_KEY, token(random, 40))));
    }
    if (model.deploysSeaweedfs()) {
      Map<String, String> internal = new TreeMap<>();
      SeaweedfsCommand.SIGNING_KEY_ENVS.forEach(env -> internal.put(env, token(random, 48)));
      internal.put(SeaweedfsCommand.ADMIN_PASSWORD_ENV, token(random, 32));
      secrets.add(secret(model, names.seaweedfsSecret(), internal));
    }
    if (model.deploysPostgres()) {
      secrets.add(
          secret(
              model,
              names.catalogSecret(),
              Map.of(USERNAME, LakehouseModel.GENERATED_DB_USER, PASSWORD, token(random, 32))));
    }
    secrets.add(secret(model, names.trinoSecret(), Map.of(SHARED_SECRET, token(random, 64))));
    return secrets;
  }

  private static Secret secret(LakehouseModel model, String name, Map<String, String> data) {
    return new SecretBuilder()
        .withMetadata(model.unownedMeta(name, Component.CREDENTIALS))
        .withType("Opaque")
        .withStringData(data)
        .build();
  }

  static String token(SecureRandom random, int length) {
    StringBuilder token = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      token.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return token.toString();
  }
}
