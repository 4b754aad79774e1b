package io.poolpilot.sidecar.model;

/**
 * A process's CPU and GC figures over its latest export interval, as the tuner reads them.
 *
 * @param cpuUtilization process CPU use, 0 to 1 of {@code processors}
 * @param processors {@code Runtime.availableProcessors()} of the process, 0 if never reported
 * @param gcTimeFraction share of the interval spent in garbage collection, 0 to 1
 * @param throttledFraction share of the interval's CPU quota periods that were throttled, 0 to 1; 0
 *     without a quota
 * @param systemCpuUtilization CPU use of the whole machine (or container), 0 to 1; 0 if unknown
 */
public record ProcessSnapshot(
    double cpuUtilization,
    int processors,
    double gcTimeFraction,
    double throttledFraction,
    double systemCpuUtilization) {

  public static final ProcessSnapshot UNKNOWN = new ProcessSnapshot(0, 0, 0, 0, 0);

  /**
   * The CPU use the tuner should see for this process: its own, or the machine's (container's) when
   * this process is the main consumer of a busier machine. A process using at least half of what
   * the machine uses is what keeps it busy, and the rest (the sidecar, a log shipper) is as
   * unavailable to its new threads as its own use; a process using little of a busy machine is
   * waiting on something else, and a neighbour's CPU must not make it look CPU-bound.
   */
  public double cpuForTuning() {
    return cpuUtilization >= systemCpuUtilization / 2
        ? Math.max(cpuUtilization, systemCpuUtilization)
        : cpuUtilization;
  }
}
