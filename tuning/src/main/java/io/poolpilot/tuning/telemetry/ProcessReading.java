package io.poolpilot.tuning.telemetry;

import java.util.Objects;

/**
 * A process's CPU and GC telemetry as of one export: the JVM's recent CPU gauges and cumulative
 * counts of garbage-collection time and of the container's CPU quota periods. A reading the export
 * did not carry is 0 ({@link CumulativeCount#NONE} for the counts).
 *
 * @param cpuUtilization process CPU use, 0 to 1 of {@code processors} ({@code
 *     jvm.cpu.recent_utilization})
 * @param systemCpuUtilization CPU use of the whole machine or container, 0 to 1 ({@code
 *     jvm.system.cpu.utilization})
 * @param processors {@code Runtime.availableProcessors()} ({@code jvm.cpu.count}); 0 if unknown
 * @param gcSeconds time spent in garbage collection
 * @param cpuPeriods CPU quota periods elapsed (0 without a quota)
 * @param throttledPeriods quota periods in which the container was throttled
 */
public record ProcessReading(
    long timeUnixNano,
    double cpuUtilization,
    double systemCpuUtilization,
    int processors,
    CumulativeCount gcSeconds,
    CumulativeCount cpuPeriods,
    CumulativeCount throttledPeriods) {

  /** A process that never sent CPU or GC figures. */
  public static final ProcessReading UNKNOWN =
      new ProcessReading(
          0, 0, 0, 0, CumulativeCount.NONE, CumulativeCount.NONE, CumulativeCount.NONE);

  public ProcessReading {
    Objects.requireNonNull(gcSeconds, "gcSeconds");
    Objects.requireNonNull(cpuPeriods, "cpuPeriods");
    Objects.requireNonNull(throttledPeriods, "throttledPeriods");
    if (!(cpuUtilization >= 0 && cpuUtilization <= 1)) {
      throw new IllegalArgumentException("cpuUtilization " + cpuUtilization + " outside [0, 1]");
    }
    if (!(systemCpuUtilization >= 0 && systemCpuUtilization <= 1)) {
      throw new IllegalArgumentException(
          "systemCpuUtilization " + systemCpuUtilization + " outside [0, 1]");
    }
    if (processors < 0) {
      throw new IllegalArgumentException("processors " + processors + " is negative");
    }
  }
}
