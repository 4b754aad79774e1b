package io.poolpilot.tuning.eval;

import io.poolpilot.tuning.CapacitySignal;
import io.poolpilot.tuning.Decision;
import io.poolpilot.tuning.PoolObservation;
import io.poolpilot.tuning.PoolTuner;

/** A baseline that never changes the pool: the size someone picked once. */
final class StaticSize implements PoolTuner {

  private final int size;

  StaticSize(int size) {
    this.size = size;
  }

  @Override
  public Decision decide(PoolObservation observation) {
    return Decision.hold(size, size, CapacitySignal.NONE, "static size " + size);
  }
}
