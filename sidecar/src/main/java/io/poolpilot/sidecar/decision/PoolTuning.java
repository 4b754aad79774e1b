package io.poolpilot.sidecar.decision;

import io.poolpilot.tuning.PoolTuner;
import io.poolpilot.tuning.telemetry.PoolReading;

/**
 * One tuned pool's state between two decisions: its tuner, the floor it was made with, the reading
 * the last decision was made from (the start of the next period) and whether the tuner's "needs
 * capacity" signal was raised then, so that a lasting shortage is journaled once rather than every
 * period.
 */
final class PoolTuning {
  final PoolTuner tuner;
  final int floor;
  PoolReading lastReading;
  boolean capacityRaised;

  PoolTuning(PoolTuner tuner, int floor) {
    this.tuner = tuner;
    this.floor = floor;
  }
}
