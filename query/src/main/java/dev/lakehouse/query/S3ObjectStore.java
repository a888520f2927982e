package dev.lakehouse.query;

import dev.lakehouse.s3.S3Client;
import java.nio.file.Path;

/** One bucket of an S3-compatible server. */
public final class S3ObjectStore implements ObjectStore {
  private final S3Client client;
  private final String bucket;

  public S3ObjectStore(S3Client client, String bucket) {
    this.client = client;
    this.bucket = bucket;
  }

  @Override
  public String put(String key, Path file, String contentType) {
    client.putFile(bucket, key, file, contentType);
    return "s3://" + bucket + "/" + key;
  }
}
