package io.poolpilot.tuning;

import java.util.Objects;

/**
 * What the telemetry says about one pool over one control period: the rates and distributions of
 * the tasks that arrived, started and ended in it, point readings of the pool taken at its end, and
 * the process's CPU and GC figures over the same period. Durations are in seconds, rates per
 * second.
 *
 * <p>Latency fields describe the tasks seen in the period: {@code queueWait*} those that started,
 * {@code execution*} those that ended. With no task started (or ended) they are 0, and {@link
 * #hasCompletions()} tells a tuner not to read the execution fields.
 *
 * <p>Completions count every task that ended, failed ones too; {@link #goodputPerSecond()} counts
 * only those that did not fail. The difference matters where a service fails requests fast under
 * overload (sheds those that waited past their deadline, or a downstream refuses them): the fast
 * failures raise completions while the useful work stays flat, and a tuner judging on completions
 * grew a request pool 4 → 20 for them.
 *
 * @param pool the pool's stable name, as the agent reports it ({@code jvm.executor.name})
 * @param periodSeconds length of the period the rates were computed over
 * @param arrivalsPerSecond tasks submitted, accepted or not
 * @param completionsPerSecond tasks that ended
 * @param queueWaitP50Seconds median submit-to-start time of the tasks that started
 * @param queueWaitP99Seconds 99th percentile of the same
 * @param executionMeanSeconds mean start-to-end time of the tasks that ended
 * @param executionP99Seconds 99th percentile of the same
 * @param busyThreads threads running a task at the end of the period (the {@code active} gauge)
 * @param coreSize the pool's core size at the end of the period
 * @param maxSize the pool's maximum size at the end of the period
 * @param queueLength tasks waiting at the end of the period
 * @param rejectionsPerSecond tasks the pool refused
 * @param oldestWaitSeconds age of the oldest waiting task at the end of the period, 0 if none
 * @param cpuUtilization process CPU use, 0 to 1 of {@code availableProcessors}
 * @param availableProcessors {@code Runtime.availableProcessors()}; a container quota rounds it up
 * @param cpuThrottledFraction share of the container's CPU quota periods that were throttled, 0 to
 *     1; 0 without a quota
 * @param gcTimeFraction share of the period spent in garbage collection, 0 to 1
 * @param failuresPerSecond requests served on the pool's threads that failed (a 5xx status or an
 *     exception), counted among the completions; 0 where the agent does not count them, so that
 *     such a pool is judged on completions as before
 */
public record PoolObservation(
    String pool,
    double periodSeconds,
    double arrivalsPerSecond,
    double completionsPerSecond,
    double queueWaitP50Seconds,
    double queueWaitP99Seconds,
    double executionMeanSeconds,
    double executionP99Seconds,
    double busyThreads,
    int coreSize,
    int maxSize,
    int queueLength,
    double rejectionsPerSecond,
    double oldestWaitSeconds,
    double cpuUtilization,
    int availableProcessors,
    double cpuThrottledFraction,
    double gcTimeFraction,
    double failuresPerSecond) {

  public PoolObservation {
    Objects.requireNonNull(pool, "pool");
    if (!(periodSeconds > 0) || Double.isInfinite(periodSeconds)) {
      throw new IllegalArgumentException(
          "periodSeconds " + periodSeconds + " must be positive and finite");
    }
    requireNonNegative("arrivalsPerSecond", arrivalsPerSecond);
    requireNonNegative("completionsPerSecond", completionsPerSecond);
    requireNonNegative("queueWaitP50Seconds", queueWaitP50Seconds);
    requireNonNegative("queueWaitP99Seconds", queueWaitP99Seconds);
    requireNonNegative("executionMeanSeconds", executionMeanSeconds);
    requireNonNegative("executionP99Seconds", executionP99Seconds);
    requireNonNegative("busyThreads", busyThreads);
    requireNonNegative("rejectionsPerSecond", rejectionsPerSecond);
    requireNonNegative("oldestWaitSeconds", oldestWaitSeconds);
    requireFraction("cpuUtilization", cpuUtilization);
    requireFraction("cpuThrottledFraction", cpuThrottledFraction);
    requireFraction("gcTimeFraction", gcTimeFraction);
    requireNonNegative("failuresPerSecond", failuresPerSecond);
    if (coreSize < 0 || maxSize < 1 || coreSize > maxSize) {
      throw new IllegalArgumentException(
          "coreSize "
              + coreSize
              + " and maxSize "
              + maxSize
              + " must satisfy 0 <= core <= max >= 1");
    }
    if (queueLength < 0) {
      throw new IllegalArgumentException("queueLength " + queueLength + " is negative");
    }
    if (availableProcessors < 1) {
      throw new IllegalArgumentException(
          "availableProcessors " + availableProcessors + " must be at least 1");
    }
  }

  /**
   * Tasks that ended without failing, per second: completions less failures, not below 0 (a request
   * counted as failed at its handler's exit may end its task in the next period). Equal to the
   * completions where failures are not counted.
   */
  public double goodputPerSecond() {
    return Math.max(0, completionsPerSecond - failuresPerSecond);
  }

  /** Whether any task ended in the period, so that the execution fields mean something. */
  public boolean hasCompletions() {
    return completionsPerSecond > 0;
  }

  /**
   * CPU seconds the process spent per completed task: process CPU over completions. An upper bound
   * on this pool's own CPU per task, exact when the pool does most of the process's work.
   */
  public double cpuSecondsPerTask() {
    return hasCompletions() ? cpuUtilization * availableProcessors / completionsPerSecond : 0;
  }

  private static void requireNonNegative(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " " + value + " must be a finite number >= 0");
    }
  }

  private static void requireFraction(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " " + value + " must be between 0 and 1");
    }
  }
}
