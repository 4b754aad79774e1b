package io.poolpilot.tuning.sim;

import io.poolpilot.tuning.PoolTuner;
import java.time.Clock;

/** Makes the controller for one simulated run, on the run's simulated clock. */
@FunctionalInterface
public interface ControllerFactory {

  PoolTuner create(Clock clock, Scenario scenario);
}
