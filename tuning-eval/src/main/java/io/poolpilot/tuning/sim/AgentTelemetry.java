package io.poolpilot.tuning.sim;

import io.poolpilot.protocol.histogram.HistogramRecorder;
import io.poolpilot.tuning.telemetry.CumulativeCount;
import io.poolpilot.tuning.telemetry.CumulativeHistogram;
import io.poolpilot.tuning.telemetry.PoolReading;
import io.poolpilot.tuning.telemetry.ProcessReading;

/**
 * The simulated pool's and process's telemetry as the agent keeps it: counts of the tasks that
 * ended and were refused, and histograms of the queue waits of the tasks that started and the run
 * times of those that ended, all cumulative from the start of the run and never cleared. Read at
 * each control period into what one export carries, so the simulator hands the tuner only what the
 * sidecar could derive, through the same conversion; true arrivals, exact means and per-period
 * windows are not there.
 *
 * <p>Tasks shed for waiting too long count as completed and as failed, as the agent counts a
 * request its handler answered with a 5xx status.
 *
 * <p>Every series starts at simulated time 0, the epoch. The process's CPU gauges are the use over
 * the interval since the previous reading, as the JVM's "recent" CPU gauge is; the machine's use
 * adds what a noisy neighbour took in the same interval (the same figure when there is none). No GC
 * and no CPU quota are simulated.
 */
final class AgentTelemetry {

  private static final long SERIES_START = 0;

  private final int processors;
  private final HistogramRecorder queueWaits = new HistogramRecorder();
  private final HistogramRecorder runTimes = new HistogramRecorder();
  private long completed;
  private long rejected;
  private long failed;
  private double lastCpuReadingSeconds;
  private double processorSecondsAtLastCpuReading;
  private double stolenSecondsAtLastCpuReading;

  AgentTelemetry(int processors) {
    this.processors = processors;
  }

  void rejected() {
    rejected++;
  }

  void started(double waitSeconds) {
    queueWaits.record(waitSeconds);
  }

  void completed(double runSeconds) {
    completed++;
    runTimes.record(runSeconds);
  }

  /** A task that ended as a failure, after {@code runSeconds} on its thread. */
  void failed(double runSeconds) {
    completed(runSeconds);
    failed++;
  }

  /** The pool's readings at {@code seconds}, with the gauges as they stand then. */
  PoolReading poolReading(double seconds, int busyThreads, int queued, double oldestWaitSeconds) {
    return new PoolReading(
        nanos(seconds),
        new CumulativeCount(SERIES_START, completed),
        new CumulativeCount(SERIES_START, rejected),
        new CumulativeHistogram(SERIES_START, queueWaits.snapshot()),
        new CumulativeHistogram(SERIES_START, runTimes.snapshot()),
        busyThreads,
        queued,
        oldestWaitSeconds,
        new CumulativeCount(SERIES_START, failed));
  }

  /**
   * The process's readings at {@code seconds}, its CPU gauge over the time since the previous
   * reading (0 for the first).
   *
   * @param processorSeconds processor time the process has used since the start
   * @param stolenSeconds processor time other processes have used since the start
   */
  ProcessReading processReading(double seconds, double processorSeconds, double stolenSeconds) {
    double elapsed = seconds - lastCpuReadingSeconds;
    double used = processorSeconds - processorSecondsAtLastCpuReading;
    double stolen = stolenSeconds - stolenSecondsAtLastCpuReading;
    double cpu = elapsed > 0 ? Math.max(0, Math.min(1, used / (processors * elapsed))) : 0;
    double machine =
        elapsed > 0 ? Math.max(0, Math.min(1, (used + stolen) / (processors * elapsed))) : 0;
    lastCpuReadingSeconds = seconds;
    processorSecondsAtLastCpuReading = processorSeconds;
    stolenSecondsAtLastCpuReading = stolenSeconds;
    return new ProcessReading(
        nanos(seconds),
        cpu,
        machine,
        processors,
        CumulativeCount.NONE,
        CumulativeCount.NONE,
        CumulativeCount.NONE);
  }

  private static long nanos(double seconds) {
    return Math.round(seconds * 1e9);
  }
}
