package io.poolpilot.tuning.sim;

import io.poolpilot.tuning.Decision;
import io.poolpilot.tuning.PoolObservation;
import java.util.Objects;

/**
 * One control period of a run: the size in effect during it, what the controller saw at its end and
 * what it decided.
 *
 * @param index 0 for the first period
 * @param phase the phase the period ended in
 * @param size threads the pool had during the period
 * @param observation what the controller was given
 * @param decision what it answered
 */
public record PeriodRecord(
    int index, int phase, int size, PoolObservation observation, Decision decision) {

  public PeriodRecord {
    Objects.requireNonNull(observation, "observation");
    Objects.requireNonNull(decision, "decision");
  }

  public boolean capacityRaised() {
    return decision.capacity().raised();
  }
}
