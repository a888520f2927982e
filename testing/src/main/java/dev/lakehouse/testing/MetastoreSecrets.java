package dev.lakehouse.testing;

import dev.lakehouse.config.MetastoreSettings;
import java.util.Map;
import java.util.Objects;

/** The values behind the {@code ${env.NAME}} references in a rendered metastore-site.xml. */
public record MetastoreSecrets(
    String dbUser, String dbPassword, String s3AccessKey, String s3SecretKey) {

  public MetastoreSecrets {
    Objects.requireNonNull(dbUser, "dbUser");
    Objects.requireNonNull(dbPassword, "dbPassword");
    Objects.requireNonNull(s3AccessKey, "s3AccessKey");
    Objects.requireNonNull(s3SecretKey, "s3SecretKey");
  }

  /** The environment a process needs for {@code settings}, under the variable names it names. */
  public Map<String, String> environment(MetastoreSettings settings) {
    return Map.of(
        settings.userEnv(), dbUser,
        settings.passwordEnv(), dbPassword,
        settings.s3().accessKeyEnv(), s3AccessKey,
        settings.s3().secretKeyEnv(), s3SecretKey);
  }
}
