package dev.lakehouse.operator.monitoring;

import java.lang.management.ManagementFactory;

/** The JVM's heap and threads, read from java.lang.management at scrape time. */
final class JvmMetrics {
  private JvmMetrics() {}

  static void register(MetricRegistry registry) {
    var memory = ManagementFactory.getMemoryMXBean();
    var threads = ManagementFactory.getThreadMXBean();
    registry.gauge(
        "lakehouse_operator_jvm_heap_used_bytes",
        "Heap memory in use.",
        () -> memory.getHeapMemoryUsage().getUsed());
    registry.gauge(
        "lakehouse_operator_jvm_heap_max_bytes",
        "The most heap memory the JVM may use (-1 when unbounded).",
        () -> memory.getHeapMemoryUsage().getMax());
    registry.gauge(
        "lakehouse_operator_jvm_threads",
        "Live threads, daemons included.",
        threads::getThreadCount);
  }
}
