package io.poolpilot.tuning.telemetry;

/**
 * A process's CPU and GC figures over one interval, as the tuner reads them.
 *
 * <p>GC time: GC seconds counted in the interval over its length. Throttling: throttled quota
 * periods over elapsed ones (0 without a quota). Both are clamped to [0, 1], and are 0 where the
 * interval is unknown.
 *
 * <p>CPU: the process's own use, or the machine's (container's) when this process is the main
 * consumer of a busier machine. A process using at least half of what the machine uses is what
 * keeps it busy, and the rest (the sidecar, a log shipper) is as unavailable to its new threads as
 * its own use; a process using little of a busy machine is waiting on something else, and a
 * neighbour's CPU must not make it look CPU-bound. (Fed the machine's CPU always, the tuner blamed
 * the demo's I/O-bound service-b for service-a's CPU and shrank it; fed the process's only, it
 * never saw service-a saturate the two cores it shared with the sidecar and the load generator.)
 *
 * @param cpuUtilization the CPU use the tuner should see, 0 to 1 of {@code processors}
 * @param processors the processors the process has
 * @param gcTimeFraction share of the interval spent in garbage collection, 0 to 1
 * @param throttledFraction share of the interval's quota periods that were throttled, 0 to 1
 */
public record ProcessFigures(
    double cpuUtilization, int processors, double gcTimeFraction, double throttledFraction) {

  public ProcessFigures {
    if (processors < 1) {
      throw new IllegalArgumentException("processors " + processors + " is below 1");
    }
  }

  /**
   * The figures of the interval from {@code earlier} to {@code later}, the gauges as of {@code
   * later}.
   *
   * @param defaultProcessors the processors to assume where the process never said (the host's: the
   *     sidecar shares it with the application)
   */
  public static ProcessFigures between(
      ProcessReading earlier, ProcessReading later, int defaultProcessors) {
    double seconds =
        earlier.timeUnixNano() > 0 && later.timeUnixNano() > earlier.timeUnixNano()
            ? (later.timeUnixNano() - earlier.timeUnixNano()) / 1e9
            : 0;
    double gc = seconds > 0 ? later.gcSeconds().since(earlier.gcSeconds()) / seconds : 0;
    double elapsed = later.cpuPeriods().since(earlier.cpuPeriods());
    double throttled =
        elapsed > 0 ? later.throttledPeriods().since(earlier.throttledPeriods()) / elapsed : 0;
    return new ProcessFigures(
        cpuForTuning(later.cpuUtilization(), later.systemCpuUtilization()),
        later.processors() > 0 ? later.processors() : Math.max(1, defaultProcessors),
        fraction(gc),
        fraction(throttled));
  }

  static double cpuForTuning(double process, double machine) {
    return process >= machine / 2 ? Math.max(process, machine) : process;
  }

  private static double fraction(double value) {
    return Double.isFinite(value) ? Math.max(0, Math.min(1, value)) : 0;
  }
}
