package io.poolpilot.sidecar.model;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One point of a pool's history: its state as one export left it, or, for older history, a
 * 10-second aggregate of several exports ({@link CompactHistory} says how each field is
 * aggregated). Numbers are primitive, with {@code NaN} for a reading nobody has reported. The
 * history stores samples as columns and makes these objects only when someone reads it.
 *
 * @param at when the sidecar received the export, by its own clock, so that the samples of
 *     different processes line up whatever their clocks say
 * @param completedRate tasks completed per second in the export interval
 * @param rejectedRate tasks rejected per second in the export interval
 * @param cpuUtilization the process's CPU use (0 to 1 of its processors) as last reported when the
 *     sample was taken, so that a chart of the pool can show what the CPU did meanwhile
 * @param exports how many exports the sample stands for: 1 at full resolution, more for an
 *     aggregate, so that a reader can tell the two apart
 */
public record PoolSample(
    Instant at,
    double core,
    double max,
    double active,
    double queued,
    double queueWaitP50Seconds,
    double queueWaitP99Seconds,
    double completedRate,
    double rejectedRate,
    double utilization,
    double cpuUtilization,
    int exports) {

  public PoolSample {
    Objects.requireNonNull(at, "at");
    if (exports < 1) {
      throw new IllegalArgumentException("exports " + exports + ", expected at least 1");
    }
    double[] all = {
      core,
      max,
      active,
      queued,
      queueWaitP50Seconds,
      queueWaitP99Seconds,
      completedRate,
      rejectedRate,
      utilization,
      cpuUtilization
    };
    for (double value : all) {
      if (!Double.isNaN(value) && (Double.isInfinite(value) || value < 0)) {
        throw new IllegalArgumentException(
            "sample value " + value + ", expected NaN (unknown) or a finite value >= 0");
      }
    }
  }

  static PoolSample of(Instant at, PoolSnapshot snapshot, OptionalDouble cpuUtilization) {
    return new PoolSample(
        at,
        snapshot.core().isPresent() ? snapshot.core().getAsLong() : Double.NaN,
        snapshot.max().isPresent() ? snapshot.max().getAsLong() : Double.NaN,
        snapshot.active().isPresent() ? snapshot.active().getAsLong() : Double.NaN,
        snapshot.queued().isPresent() ? snapshot.queued().getAsLong() : Double.NaN,
        snapshot.queueWait().p50Seconds().orElse(Double.NaN),
        snapshot.queueWait().p99Seconds().orElse(Double.NaN),
        snapshot.completedRate().orElse(Double.NaN),
        snapshot.rejectedRate().orElse(Double.NaN),
        snapshot.utilization().orElse(Double.NaN),
        cpuUtilization.orElse(Double.NaN),
        1);
  }
}
