package dev.lakehouse.operator.query;

import dev.lakehouse.config.TrinoSettings;
import dev.lakehouse.operator.lakehouse.LakehouseModel;
import dev.lakehouse.operator.lakehouse.SecretKey;
import dev.lakehouse.query.ObjectStore;
import dev.lakehouse.query.QueryEngine;
import dev.lakehouse.query.S3ObjectStore;
import dev.lakehouse.query.TrinoJdbcEngine;
import dev.lakehouse.s3.S3Client;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Inside the cluster: Trino through its Service, the bucket with the Lakehouse's S3 credentials,
 * read from their Secret when a result is uploaded (so a rotated key is picked up).
 */
public final class ClusterQueryConnections implements QueryConnections {
  private final KubernetesClient client;
  private final Path tempDir;

  /**
   * @param tempDir where full results are written before upload (an emptyDir in the operator pod)
   */
  public ClusterQueryConnections(KubernetesClient client, Path tempDir) {
    this.client = client;
    this.tempDir = tempDir;
  }

  @Override
  public QueryEngine engine(LakehouseModel lakehouse) {
    return new TrinoJdbcEngine(lakehouse.trinoJdbcUrl(), TrinoSettings.READ_ONLY_USER, tempDir);
  }

  @Override
  public ObjectStore store(LakehouseModel lakehouse) {
    return (key, file, contentType) -> {
      var s3 =
          new S3Client(
              lakehouse.s3Endpoint(),
              lakehouse.s3Settings().region(),
              read(lakehouse.namespace(), lakehouse.s3AccessKey()),
              read(lakehouse.namespace(), lakehouse.s3SecretKey()));
      return new S3ObjectStore(s3, lakehouse.bucket()).put(key, file, contentType);
    };
  }

  private String read(String namespace, SecretKey key) {
    Secret secret = client.secrets().inNamespace(namespace).withName(key.secretName()).get();
    if (secret == null) {
      throw new IllegalStateException("Secret " + key.secretName() + " does not exist");
    }
    String value = secret.getData() == null ? null : secret.getData().get(key.key());
    if (value == null) {
      throw new IllegalStateException(
          "Secret " + key.secretName() + " has no key \"" + key.key() + "\"");
    }
    return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8).trim();
  }
}
