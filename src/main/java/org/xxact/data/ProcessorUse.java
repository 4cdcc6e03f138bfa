package org.xxact.data;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * Processor time and system load, for benchmarks on machines that may be shared: wall-clock rates alone would mix the
 * program's speed with whatever else runs.
 */
final class ProcessorUse {
  private ProcessorUse() {}

  /** Processor time used by this JVM so far, all threads, in nanoseconds; -1 where the platform does not tell. */
  static long processCpuNanos() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return -1;
  }

  /** The system's one-minute load average, or a negative number where the platform does not tell. */
  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
