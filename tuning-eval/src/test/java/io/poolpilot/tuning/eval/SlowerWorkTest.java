package io.poolpilot.tuning.eval;

import static io.poolpilot.tuning.sim.Distribution.exponential;
import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.tuning.sim.Downstream;
import io.poolpilot.tuning.sim.Phase;
import io.poolpilot.tuning.sim.Scenario;
import io.poolpilot.tuning.sim.SimulationResult;
import io.poolpilot.tuning.sim.TaskProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Work that gets four times slower at the same load, where more threads do help: not one of the
 * evaluation's scenarios, a check that the tuner does not mistake it for a saturated downstream.
 */
class SlowerWorkTest {

  private static final Scenario SLOWER_IO =
      new Scenario(
          "slower-io",
          Scenarios.TWO_PROCESSORS,
          Downstream.NONE,
          Scenarios.QUEUE_CAPACITY,
          Scenarios.INITIAL_SIZE,
          Scenarios.MAX_SIZE,
          Scenarios.WAIT_OBJECTIVE,
          1.0,
          Scenarios.PERIOD,
          List.of(
              Phase.steady("fast", 60, 150, TaskProfile.of(exponential(0.001), exponential(0.1))),
              Phase.steady("slow", 60, 150, TaskProfile.of(exponential(0.001), exponential(0.4)))));

  @Test
  void growsToWhatLittlesLawAsksWhenTheSameLoadTakesFourTimesLonger() {
    for (long seed : List.of(11L, 23L, 37L)) {
      SimulationResult run = Contender.POOLPILOT.run(SLOWER_IO, seed, null);

      // 150 tasks/s × 400 ms = 60 busy threads; within 15 periods of the change the pool has
      // them (before judging a growth against the period the backlog began in, it rolled back to
      // 26 threads and stayed there for most of the phase).
      List<Integer> slow = run.sizesOf(1);
      assertThat(slow.subList(15, slow.size()))
          .allSatisfy(size -> assertThat(size).isGreaterThan(55));
    }
  }
}
