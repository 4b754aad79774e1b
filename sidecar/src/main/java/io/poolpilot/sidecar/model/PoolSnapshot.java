package io.poolpilot.sidecar.model;

import io.poolpilot.tuning.telemetry.PoolTotals;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The latest known state of one pool. A reading is empty until an export carried it; {@code
 * queueCapacity} stays empty for an unbounded queue, which the agent does not report.
 *
 * @param observedAtUnixNano data point time of the newest export that changed this snapshot
 * @param completed tasks completed: the exporter's total for a cumulative counter, the sum of the
 *     points received for a delta one (see {@link CountAccumulator})
 * @param completedRate tasks completed per second in the latest export interval: with a queue that
 *     is not growing, the rate tasks arrive at
 * @param rejectedRate tasks rejected per second in the latest export interval
 * @param queueWait quantiles over the tasks that started in the latest export interval
 * @param runTime mean and p99 run time of the tasks that ended in the latest export interval
 */
public record PoolSnapshot(
    PoolKey key,
    long observedAtUnixNano,
    OptionalLong core,
    OptionalLong max,
    OptionalLong active,
    OptionalLong idle,
    OptionalLong queued,
    OptionalLong queueCapacity,
    OptionalDouble oldestAgeSeconds,
    OptionalLong completed,
    OptionalLong rejected,
    OptionalDouble completedRate,
    OptionalDouble rejectedRate,
    WaitQuantiles queueWait,
    RunTimes runTime) {

  public PoolSnapshot {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(runTime, "runTime");
    Objects.requireNonNull(completedRate, "completedRate");
    Objects.requireNonNull(rejectedRate, "rejectedRate");
    Objects.requireNonNull(queueWait, "queueWait");
  }

  /** A snapshot without rates or run times. */
  public PoolSnapshot(
      PoolKey key,
      long observedAtUnixNano,
      OptionalLong core,
      OptionalLong max,
      OptionalLong active,
      OptionalLong idle,
      OptionalLong queued,
      OptionalLong queueCapacity,
      OptionalDouble oldestAgeSeconds,
      OptionalLong completed,
      OptionalLong rejected,
      WaitQuantiles queueWait) {
    this(
        key,
        observedAtUnixNano,
        core,
        max,
        active,
        idle,
        queued,
        queueCapacity,
        oldestAgeSeconds,
        completed,
        rejected,
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        queueWait,
        RunTimes.NONE);
  }

  /**
   * Active threads over the maximum size, from 0 to 1 (above 1 only while a shrink is under way);
   * empty until both are known or when the maximum is 0.
   */
  public OptionalDouble utilization() {
    if (active.isEmpty() || max.isEmpty() || max.getAsLong() <= 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of((double) active.getAsLong() / max.getAsLong());
  }

  /**
   * The snapshot an export leaves: gauges as last reported, totals as of {@code reading}, and the
   * rates and quantiles of the interval since the previous reading ({@link IntervalFigures}).
   *
   * @param gauges by {@link PoolValue#ordinal()}, {@code NaN} for a gauge never reported
   */
  static PoolSnapshot of(
      PoolKey key,
      double[] gauges,
      PoolTotals reading,
      boolean completedSeen,
      boolean rejectedSeen,
      IntervalFigures interval) {
    return new PoolSnapshot(
        key,
        reading.timeUnixNano(),
        whole(gauges[PoolValue.CORE.ordinal()]),
        whole(gauges[PoolValue.MAX.ordinal()]),
        whole(gauges[PoolValue.ACTIVE.ordinal()]),
        whole(gauges[PoolValue.IDLE.ordinal()]),
        whole(gauges[PoolValue.QUEUED.ordinal()]),
        whole(gauges[PoolValue.QUEUE_CAPACITY.ordinal()]),
        Double.isNaN(gauges[PoolValue.OLDEST_AGE_SECONDS.ordinal()])
            ? OptionalDouble.empty()
            : OptionalDouble.of(gauges[PoolValue.OLDEST_AGE_SECONDS.ordinal()]),
        completedSeen ? OptionalLong.of(Math.round(reading.completed())) : OptionalLong.empty(),
        rejectedSeen ? OptionalLong.of(Math.round(reading.rejected())) : OptionalLong.empty(),
        interval.completedRate(),
        interval.rejectedRate(),
        interval.queueWait(),
        interval.runTime());
  }

  private static OptionalLong whole(double value) {
    return Double.isNaN(value) ? OptionalLong.empty() : OptionalLong.of(Math.round(value));
  }
}
