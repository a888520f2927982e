package dev.lakehouse.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How SeaweedFS runs as a lakehouse's object storage: {@code weed mini} (master, volume server,
 * filer and S3 gateway in one process) with only the S3 gateway meant for clients. The operator's
 * pod and the tests' server run exactly these arguments and these environment variables.
 *
 * <p>Mini also serves the filer's, the volume server's and its admin server's HTTP APIs, which
 * bypass S3's credentials; the signing keys and the admin password below close them. (Its master's
 * HTTP API stays open to the cluster: cluster status, no data.) WebDAV, the Iceberg and Lance
 * endpoints, the admin UI and the telemetry report to seaweedfs.com are turned off.
 */
public record SeaweedfsCommand(String dataDir, String bindAddress, Ports ports, String bucket) {
  /** The S3 gateway's credentials: an admin identity of the gateway, read once at start. */
  public static final String ACCESS_KEY_ENV = "AWS_ACCESS_KEY_ID";

  public static final String SECRET_KEY_ENV = "AWS_SECRET_ACCESS_KEY";

  /**
   * security.toml keys as environment variables (WEED_ + key, dots as underscores): the volume
   * server and the filer refuse HTTP reads and writes without a JWT signed with these, which only
   * the S3 gateway (through the filer's gRPC) gets.
   */
  public static final List<String> SIGNING_KEY_ENVS =
      List.of(
          "WEED_JWT_SIGNING_KEY",
          "WEED_JWT_SIGNING_READ_KEY",
          "WEED_JWT_FILER_SIGNING_KEY",
          "WEED_JWT_FILER_SIGNING_READ_KEY");

  /** Mini always starts its admin server; without a password it answers anyone. */
  public static final String ADMIN_PASSWORD_ENV = "WEED_ADMIN_PASSWORD";

  /** The HTTP ports of mini's servers; each gRPC port is its HTTP port + 10000. */
  public record Ports(int s3, int master, int volume, int filer, int admin) {
    public static final int GRPC_OFFSET = 10000;

    /** SeaweedFS's own defaults (in a pod, where nothing else listens). */
    public static Ports defaults() {
      return new Ports(8333, 9333, 9340, 8888, 23646);
    }
  }

  public SeaweedfsCommand {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(ports, "ports");
    Objects.requireNonNull(bucket, "bucket");
  }

  /** The arguments after {@code weed}. */
  public List<String> args() {
    List<String> args = new ArrayList<>();
    // Logs to the container's output: otherwise glog writes growing files into /tmp.
    args.add("-logtostderr=true");
    args.add("mini");
    args.add("-dir=" + dataDir);
    // The servers find each other at this address: all of them are in this one process.
    args.add("-ip=127.0.0.1");
    args.add("-ip.bind=" + bindAddress);
    args.add("-bucket=" + bucket);
    // Otherwise a write to a misspelt bucket makes that bucket and succeeds.
    args.add("-s3.autoCreateBucket=false");
    port(args, "s3", ports.s3());
    port(args, "master", ports.master());
    port(args, "volume", ports.volume());
    port(args, "filer", ports.filer());
    port(args, "admin", ports.admin());
    // Unix sockets beside the data, not in a shared /tmp.
    args.add("-filer.localSocket=" + dataDir + "/filer.sock");
    args.add("-s3.localSocket=" + dataDir + "/s3.sock");
    args.add("-webdav=false");
    args.add("-admin.ui=false");
    args.add("-s3.port.iceberg=0");
    args.add("-s3.port.lance=0");
    args.add("-master.telemetry=false");
    return List.copyOf(args);
  }

  /**
   * A command that succeeds once the start bucket exists. Mini creates it a moment after its S3
   * gateway answers {@code /healthz}, so that alone would call the server ready too early; weed's
   * own shell lists the buckets through the master, inside the pod (HOME on /tmp, since the root
   * file system is read-only).
   */
  public List<String> bucketCheck(String weed) {
    String master = "127.0.0.1:" + ports.master() + "." + (ports.master() + Ports.GRPC_OFFSET);
    return List.of(
        "sh",
        "-c",
        "echo s3.bucket.list | HOME=/tmp "
            + weed
            + " shell -master="
            + master
            + " | awk -v bucket="
            + bucket
            + " '$1 == bucket { found = 1 } END { exit !found }'");
  }

  private static void port(List<String> args, String server, int port) {
    args.add("-" + server + ".port=" + port);
    // Explicit, or mini moves a taken gRPC port to the next free one and the servers disagree.
    args.add("-" + server + ".port.grpc=" + (port + Ports.GRPC_OFFSET));
  }
}
