package dev.lakehouse.operator.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * Used heap right after full collections. With the JDK's default collector (G1) System.gc() is a
 * full, stop-the-world collection; it is repeated until the number settles, and the full
 * collections the JVM counted are reported so the reader can check one happened.
 */
record HeapAfterGc(long usedBytes, long fullCollections) {
  private static final long SETTLED = 512 * 1024;

  static HeapAfterGc measure() throws InterruptedException {
    long before = countFullCollections();
    long previous = Long.MAX_VALUE;
    long used = 0;
    for (int i = 0; i < 6; i++) {
      System.gc();
      Thread.sleep(200);
      used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      if (Math.abs(previous - used) < SETTLED) {
        break;
      }
      previous = used;
    }
    return new HeapAfterGc(used, countFullCollections() - before);
  }

  double mebibytes() {
    return usedBytes / (1024.0 * 1024.0);
  }

  /** The collectors of whole heaps: G1's "G1 Old Generation", or the others' old generation. */
  private static long countFullCollections() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .filter(gc -> gc.getName().contains("Old") || gc.getName().contains("MarkSweep"))
        .mapToLong(GarbageCollectorMXBean::getCollectionCount)
        .sum();
  }
}
