package com.verenc.kms.node.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The process's CPU time in seconds (Prometheus's base unit; Micrometer's own counter is in
 * nanoseconds) and the build the node runs (kms_build_info, its version as a label).
 */
final class ProcessMetrics {
  private ProcessMetrics() {}

  static void bind(MeterRegistry registry) {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      FunctionCounter.builder("process.cpu", sun, b -> b.getProcessCpuTime() / 1e9)
          .baseUnit("seconds")
          .description("CPU time the node's process used")
          .register(registry);
    }
    String version = ProcessMetrics.class.getPackage().getImplementationVersion();
    Gauge.builder("kms.build.info", () -> 1)
        .description("The Verenc KMS build this node runs")
        .tag("version", version == null ? "dev" : version)
        .tag("java", System.getProperty("java.version"))
        .register(registry);
  }
}
