package dev.lakehouse.config;

/**
 * Derives Trino's JVM heap and query memory from a container memory limit. Trino's own guidance (a
 * heap of about 80% of the machine, a 512M code cache) is for large dedicated hosts; in a small
 * container the JVM's native memory (code cache, metaspace, thread stacks, direct buffers, GC
 * structures) would then pass the limit and the kernel would kill the pod. So the heap is what is
 * left once the code cache and a native reserve are taken out, and never more than 80%.
 */
public record TrinoMemory(long heapBytes, long codeCacheBytes, long queryMaxMemoryPerNodeBytes) {
  private static final long MIB = 1024L * 1024L;

  /** Below this the heap would be under 1 GiB; the Lakehouse validation refuses smaller limits. */
  public static final long MINIMUM_CONTAINER_BYTES = 2048L * MIB;

  /** Trino's code cache from this limit up; half of it below. */
  static final long FULL_CODE_CACHE_FROM = 8192L * MIB;

  /** Native memory besides the code cache: at least this, or a tenth of the limit. */
  static final long MINIMUM_NATIVE_RESERVE = 512L * MIB;

  public static TrinoMemory forContainerLimit(long containerBytes) {
    if (containerBytes < MINIMUM_CONTAINER_BYTES) {
      throw new IllegalArgumentException(
          "Trino needs a memory limit of at least 2Gi, got " + containerBytes + " bytes");
    }
    long codeCache = containerBytes >= FULL_CODE_CACHE_FROM ? 512L * MIB : 256L * MIB;
    long reserve = Math.max(MINIMUM_NATIVE_RESERVE, containerBytes / 10);
    long heap = Math.min(containerBytes * 8 / 10, containerBytes - codeCache - reserve);
    heap = heap / MIB * MIB;
    // Trino's default query.max-memory-per-node: 30% of the heap.
    long perNode = (heap * 3 / 10) / MIB * MIB;
    return new TrinoMemory(heap, codeCache, perNode);
  }

  public long heapMebibytes() {
    return heapBytes / MIB;
  }

  public long codeCacheMebibytes() {
    return codeCacheBytes / MIB;
  }

  public long queryMaxMemoryPerNodeMebibytes() {
    return queryMaxMemoryPerNodeBytes / MIB;
  }
}
