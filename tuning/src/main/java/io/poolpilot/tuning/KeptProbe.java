package io.poolpilot.tuning;

import io.poolpilot.tuning.CapacitySignal.Bottleneck;

/**
 * Where a probe down that was kept leaves the ceiling: at the smaller size, so that the next probe
 * goes lower still, or at the size it came from.
 *
 * <p>The same throughput at fewer threads alone says nothing about the queue wait: a pool that
 * keeps up with its arrivals completes what arrives at any size, and moving the ceiling down on
 * such probes ratcheted a pool below its downstream's best size, where it missed the objective
 * every other period. Little's law tells the two cases apart: busy threads = throughput × run time.
 * When a probe from {@code s} to {@code s'} holds the throughput and the mean run time falls
 * roughly in proportion, by at least {@value #PROPORTIONAL_FALL} of {@code 1 - s'/s} and beyond its
 * own noise, the threads taken away were only waiting (in a downstream's line, on a lock): each of
 * them held a task that the others then ran sooner. Below the downstream's limit there is no line,
 * so shrinking does not cut the run time and the ceiling stays; a probe that goes too far loses
 * throughput and is rolled back as before.
 *
 * <p>In a collapse (the pool completes less than three quarters of its arrivals) a kept concurrency
 * probe already moves the ceiling down; this rule is for the pool that still completes most of what
 * arrives, where the same goodput at every size from the downstream's limit up hides that each
 * thread beyond the limit only lengthens every request's wait in the downstream's line (issue 14:
 * tuner-real's overload left a pool behind a 4-slot downstream at 7 to 21 threads).
 */
final class KeptProbe {

  /** The share of the proportional fall of run time that shows the threads only waited. */
  static final double PROPORTIONAL_FALL = 0.5;

  private KeptProbe() {}

  /**
   * The ceiling after {@code probe} was kept.
   *
   * @param collapsed the pool completes less than three quarters of its arrivals: a concurrency
   *     probe that held throughput there proves the threads taken away useless (see {@code
   *     PoolPilotTuner})
   * @param executionNoise the typical relative change of the run time from one period to the next
   */
  static int ceiling(ChangeUnderTest probe, boolean collapsed, double executionNoise) {
    if (probe.kind != ChangeUnderTest.Kind.PROBE) {
      throw new IllegalArgumentException("not a probe: " + probe.kind);
    }
    boolean better =
        probe.throughputChange() > ChangeUnderTest.TOLERATED_LOSS
            || (probe.bottleneck == Bottleneck.CONCURRENCY
                && (collapsed || onlyWaitersTakenAway(probe, executionNoise)));
    return better ? probe.to : probe.from;
  }

  /**
   * Whether the probe held throughput (lost no more than {@link ChangeUnderTest#TOLERATED_LOSS})
   * while the run time fell by at least {@value #PROPORTIONAL_FALL} of the share of threads taken
   * away and by more than {@link ChangeUnderTest#NOISE_MARGIN} times its noise.
   */
  static boolean onlyWaitersTakenAway(ChangeUnderTest probe, double executionNoise) {
    if (probe.to >= probe.from || !probe.timedAfter()) {
      return false;
    }
    double proportional = 1 - (double) probe.to / probe.from;
    double needed =
        Math.max(PROPORTIONAL_FALL * proportional, ChangeUnderTest.NOISE_MARGIN * executionNoise);
    return probe.throughputChange() >= -ChangeUnderTest.TOLERATED_LOSS
        && -probe.executionChange() >= needed;
  }
}
