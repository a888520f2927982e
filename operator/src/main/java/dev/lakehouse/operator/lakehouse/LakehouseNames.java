package dev.lakehouse.operator.lakehouse;

/** Every name derived from a Lakehouse's name, in one place. */
public record LakehouseNames(String lakehouse, String namespace) {
  /** Derived names add up to 23 characters; Service names must fit in 63. */
  public static final int MAX_LAKEHOUSE_NAME = 40;

  public String postgres() {
    return lakehouse + "-postgres";
  }

  public String metastore() {
    return lakehouse + "-metastore";
  }

  public String seaweedfs() {
    return lakehouse + "-seaweedfs";
  }

  /** SeaweedFS's own signing keys and admin password, which no client needs. */
  public String seaweedfsSecret() {
    return lakehouse + "-seaweedfs-internal";
  }

  public String minio() {
    return lakehouse + "-minio";
  }

  public String bucketJob() {
    return lakehouse + "-minio-bucket";
  }

  public String trino() {
    return lakehouse + "-trino";
  }

  public String trinoCoordinator() {
    return lakehouse + "-trino-coordinator";
  }

  public String trinoWorker() {
    return lakehouse + "-trino-worker";
  }

  public String storageSecret() {
    return lakehouse + "-storage-credentials";
  }

  public String catalogSecret() {
    return lakehouse + "-catalog-credentials";
  }

  public String trinoSecret() {
    return lakehouse + "-trino-internal";
  }

  /** A Service's address inside the cluster. */
  public String host(String service) {
    return service + "." + namespace + ".svc";
  }
}
