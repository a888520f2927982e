package dev.lakehouse.testing;

import dev.lakehouse.s3.S3Client;
import java.nio.file.Path;

/**
 * An S3-compatible server on a free 127.0.0.1 port: SeaweedFS, the server the operator deploys by
 * default, or s3proxy with its filesystem backend ({@code -Dlakehouse.test.s3=s3proxy}).
 */
public abstract sealed class S3Server extends LocalServer permits SeaweedfsServer, S3proxyServer {
  /** Neither server checks the region of a signature; S3A and the SDKs want one. */
  public static final String REGION = "us-east-1";

  /** Which server {@link #start} runs: {@code seaweedfs} (the default) or {@code s3proxy}. */
  public static final String IMPLEMENTATION_PROPERTY = "lakehouse.test.s3";

  protected final int port;
  protected final String accessKey;
  protected final String secretKey;

  S3Server(int port, String accessKey, String secretKey, Path workDir, Path logFile) {
    super(workDir, logFile);
    this.port = port;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  /** Starts the configured server, accepting requests signed with these keys. */
  public static S3Server start(String accessKey, String secretKey) {
    String implementation = System.getProperty(IMPLEMENTATION_PROPERTY, "seaweedfs");
    return switch (implementation) {
      case "seaweedfs" -> SeaweedfsServer.start(accessKey, secretKey);
      case "s3proxy" -> S3proxyServer.start(accessKey, secretKey);
      default ->
          throw new IllegalArgumentException(
              "-D"
                  + IMPLEMENTATION_PROPERTY
                  + "="
                  + implementation
                  + ": expected seaweedfs or s3proxy");
    };
  }

  public String host() {
    return Ports.HOST;
  }

  public int port() {
    return port;
  }

  /** {@code http://127.0.0.1:<port>}, for path-style access. */
  public String endpoint() {
    return "http://" + Ports.HOST + ":" + port;
  }

  public String region() {
    return REGION;
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  /** The server's own folder, data included; removed when it is closed. */
  public Path workDir() {
    return workDir;
  }

  public S3Client client() {
    return new S3Client(endpoint(), REGION, accessKey, secretKey);
  }

  /** Creates a bucket through the S3 API (a signed PUT), as any client would. */
  public void createBucket(String bucket) {
    client().createBucket(bucket);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + endpoint() + "]";
  }
}
