package io.poolpilot.sidecar.decision;

import io.poolpilot.tuning.PoolTuner;
import io.poolpilot.tuning.telemetry.PoolReading;
import io.poolpilot.tuning.telemetry.PoolTotals;

/**
 * One tuned pool's state between two decisions: its tuner, the floor it was made with, the reading
 * the last decision was made from (the start of the next period) and whether the tuner's "needs
 * capacity" signal was raised then, so that a lasting shortage is journaled once rather than every
 * period.
 *
 * <p>The last reading is kept in place ({@link PoolTotals}), in one of two buffers that trade
 * places when a period is decided: a reading lives one period, and a new object each period was
 * promoted to the old generation at hundreds of instances, to die there.
 */
final class PoolTuning {
  final PoolTuner tuner;
  final int floor;
  private PoolTotals last = new PoolTotals();
  private PoolTotals next = new PoolTotals();
  private boolean hasLast;
  boolean capacityRaised;

  PoolTuning(PoolTuner tuner, int floor) {
    this.tuner = tuner;
    this.floor = floor;
  }

  /** Whether a reading was kept: the start of the next period. */
  boolean hasLast() {
    return hasLast;
  }

  /** The reading the last decision was made from. */
  PoolTotals last() {
    return last;
  }

  /** Takes {@code reading} as the next one, to be compared with {@link #last()}. */
  PoolTotals next(PoolReading reading) {
    return next.set(reading);
  }

  /** Makes the next reading the last one: the period it ends was decided. */
  void advance() {
    PoolTotals decided = next;
    next = last;
    last = decided;
    hasLast = true;
  }
}
