package io.poolpilot.sidecar.model;

import io.poolpilot.tuning.telemetry.PoolTotals;
import io.poolpilot.tuning.telemetry.TelemetryInterval;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a pool's snapshot shows of its latest export interval (rates, queue-wait quantiles, run
 * times), kept in place as numbers, with {@code NaN} for a figure there is none of.
 *
 * <p>Why not keep the {@link PoolSnapshot}: it lives exactly one export interval, and a new one
 * with its dozen optionals every second per pool was promoted to the old generation at hundreds of
 * instances, to die there. The snapshot is made from these figures when someone asks for it.
 *
 * <p>Not thread-safe: {@link PoolModel} holds one per pool under its lock.
 */
final class IntervalFigures {

  private double completedRate = Double.NaN;
  private double rejectedRate = Double.NaN;
  private long waitSamples;
  private double waitP50 = Double.NaN;
  private double waitP99 = Double.NaN;
  private long runSamples;
  private double runMean = Double.NaN;
  private double runP99 = Double.NaN;

  /**
   * Takes the figures of {@code interval}, the one that ended at {@code reading}; with no interval
   * (the pool's first reading) there are no rates, and the quantiles are those of everything the
   * series counted so far.
   *
   * @param completedSeen whether any completed-tasks point arrived: without one there is no rate
   * @param rejectedSeen likewise for rejected tasks
   */
  void set(
      Optional<TelemetryInterval> interval,
      PoolTotals reading,
      boolean completedSeen,
      boolean rejectedSeen) {
    completedRate =
        completedSeen && interval.isPresent() ? interval.get().completedPerSecond() : Double.NaN;
    rejectedRate =
        rejectedSeen && interval.isPresent() ? interval.get().rejectedPerSecond() : Double.NaN;
    WaitQuantiles waits =
        WaitQuantiles.of(
            interval.isPresent() ? interval.get().queueWaits() : reading.queueWaits().histogram());
    waitSamples = waits.samples();
    waitP50 = waits.p50Seconds().orElse(Double.NaN);
    waitP99 = waits.p99Seconds().orElse(Double.NaN);
    RunTimes runs =
        RunTimes.of(
            interval.isPresent() ? interval.get().runTimes() : reading.runTimes().histogram());
    runSamples = runs.samples();
    runMean = runs.meanSeconds().orElse(Double.NaN);
    runP99 = runs.p99Seconds().orElse(Double.NaN);
  }

  OptionalDouble completedRate() {
    return optional(completedRate);
  }

  OptionalDouble rejectedRate() {
    return optional(rejectedRate);
  }

  WaitQuantiles queueWait() {
    return waitSamples == 0
        ? WaitQuantiles.NONE
        : new WaitQuantiles(waitSamples, optional(waitP50), optional(waitP99));
  }

  RunTimes runTime() {
    return runSamples == 0
        ? RunTimes.NONE
        : new RunTimes(runSamples, optional(runMean), optional(runP99));
  }

  private static OptionalDouble optional(double value) {
    return Double.isNaN(value) ? OptionalDouble.empty() : OptionalDouble.of(value);
  }
}
