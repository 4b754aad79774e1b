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

  /** Figures without the machine's CPU use. */
  public ProcessSnapshot(
      double cpuUtilization, int processors, double gcTimeFraction, double throttledFraction) {
    this(cpuUtilization, processors, gcTimeFraction, throttledFraction, 0);
  }

  /**
   * How busy the processors this process could use are: its own use, or the machine's when other
   * processes keep them busier. Either way, more threads here cannot get more CPU. Not yet what the
   * tuner reads (see TuningService): it also derives CPU seconds per task from its CPU figure.
   */
  public double busyProcessors() {
    return Math.max(cpuUtilization, systemCpuUtilization);
  }
}
