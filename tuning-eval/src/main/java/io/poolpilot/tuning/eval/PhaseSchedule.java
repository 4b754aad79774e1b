package io.poolpilot.tuning.eval;

import io.poolpilot.tuning.CapacitySignal;
import io.poolpilot.tuning.Decision;
import io.poolpilot.tuning.PoolObservation;
import io.poolpilot.tuning.PoolTuner;
import io.poolpilot.tuning.sim.Scenario;
import java.time.Clock;
import java.util.List;

/**
 * The oracle's controller: it knows when each phase starts and sets that phase's size for it,
 * without measuring anything. After the last listed size it keeps that one.
 */
final class PhaseSchedule implements PoolTuner {

  private final Clock clock;
  private final Scenario scenario;
  private final List<Integer> sizes;

  PhaseSchedule(Clock clock, Scenario scenario, List<Integer> sizes) {
    this.clock = clock;
    this.scenario = scenario;
    this.sizes = List.copyOf(sizes);
  }

  @Override
  public Decision decide(PoolObservation observation) {
    double now = clock.millis() / 1000.0;
    int nextPhase = scenario.phaseAt(now + scenario.controlPeriodSeconds() / 2);
    int size = sizes.get(Math.min(nextPhase, sizes.size() - 1));
    return Decision.hold(size, size, CapacitySignal.NONE, "scheduled size " + size);
  }
}
