package dev.lakehouse.config;

/**
 * Derives Trino's JVM heap and query memory from a container memory limit: the heap gets 80% and
 * leaves the rest for off-heap buffers and the JVM itself, as Trino's deployment guide advises.
 */
public record TrinoMemory(long heapBytes, long queryMaxMemoryPerNodeBytes) {
  private static final long MIB = 1024L * 1024L;

  /** Below this Trino does not start reliably; the Lakehouse validation refuses smaller limits. */
  public static final long MINIMUM_CONTAINER_BYTES = 1024L * MIB;

  public static TrinoMemory forContainerLimit(long containerBytes) {
    if (containerBytes < MINIMUM_CONTAINER_BYTES) {
      throw new IllegalArgumentException(
          "Trino needs a memory limit of at least 1Gi, got " + containerBytes + " bytes");
    }
    long heap = (containerBytes * 8 / 10) / MIB * MIB;
    long perNode = (heap * 3 / 10) / MIB * MIB;
    return new TrinoMemory(heap, perNode);
  }

  public long heapMebibytes() {
    return heapBytes / MIB;
  }

  public long queryMaxMemoryPerNodeMebibytes() {
    return queryMaxMemoryPerNodeBytes / MIB;
  }
}
