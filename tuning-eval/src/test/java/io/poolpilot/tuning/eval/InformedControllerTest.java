package io.poolpilot.tuning.eval;

import static io.poolpilot.tuning.sim.Distribution.exponential;
import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.testsupport.MutableClock;
import io.poolpilot.tuning.PoolObservation;
import io.poolpilot.tuning.TunerConfig;
import io.poolpilot.tuning.sim.Downstream;
import io.poolpilot.tuning.sim.Machine;
import io.poolpilot.tuning.sim.Phase;
import io.poolpilot.tuning.sim.Scenario;
import io.poolpilot.tuning.sim.TaskProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InformedControllerTest {

  private static final TaskProfile IO = TaskProfile.of(exponential(0.002), exponential(0.05));

  private static Scenario twoPhases() {
    return new Scenario(
        "two",
        new Machine(2, 0.02, 0.0005),
        Downstream.NONE,
        500,
        8,
        2,
        200,
        0.05,
        0.5,
        1,
        List.of(Phase.steady("low", 10, 100, IO), Phase.steady("high", 10, 300, IO)));
  }

  private static PoolObservation at(int size) {
    return new PoolObservation(
        "p", 1, 100, 100, 0, 0, 0.05, 0.1, size, size, size, 0, 0, 0, 0.1, 2, 0, 0, 0);
  }

  /** The sizes the controller sets at the end of each period 1..seconds, applied as it says. */
  private static List<Integer> drive(InformedController controller, MutableClock clock, int start) {
    List<Integer> sizes = new ArrayList<>();
    int size = start;
    for (int second = 1; second <= 20; second++) {
      clock.setSecondsSinceEpoch(second);
      size = controller.decide(at(size)).coreSize();
      sizes.add(size);
    }
    return sizes;
  }

  @Test
  void setsEachPhaseSizeOnePeriodAfterThePhaseStartsWithinStepAndCooldown() {
    MutableClock clock = new MutableClock(Instant.EPOCH);
    TunerConfig guardrails =
        new TunerConfig(2, 200, Duration.ofMillis(50), 16, Duration.ofSeconds(2));
    InformedController controller =
        new InformedController(clock, twoPhases(), List.of(8, 45), guardrails);

    List<Integer> sizes = drive(controller, clock, 8);

    // Decisions at 1..10 s end periods of the first phase: nothing to do at its size.
    assertThat(sizes.subList(0, 10)).containsOnly(8);
    // 11 s ends the second phase's first period: one step of 16, then one per 2 s cooldown.
    assertThat(sizes.subList(10, 15)).containsExactly(24, 24, 40, 40, 45);
    assertThat(sizes.subList(15, 20)).containsOnly(45);
  }

  @Test
  void neverSetsASizeOutsideTheGuardrails() {
    MutableClock clock = new MutableClock(Instant.EPOCH);
    TunerConfig guardrails = new TunerConfig(3, 30, Duration.ofMillis(50), 4, Duration.ZERO);
    InformedController controller =
        new InformedController(clock, twoPhases(), List.of(1, 100), guardrails);

    List<Integer> sizes = drive(controller, clock, 8);

    assertThat(sizes.subList(0, 10)).containsExactly(4, 3, 3, 3, 3, 3, 3, 3, 3, 3);
    assertThat(sizes.subList(10, 20)).containsExactly(7, 11, 15, 19, 23, 27, 30, 30, 30, 30);
  }
}
