package io.poolpilot.tuning.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.tuning.PoolObservation;
import org.junit.jupiter.api.Test;

class BaselinesTest {

  private static PoolObservation observation(int size, double completions, int queued) {
    return new PoolObservation(
        "p",
        1,
        completions,
        completions,
        0,
        0,
        0.05,
        0.1,
        size,
        size,
        size,
        queued,
        0,
        0,
        0.1,
        2,
        0,
        0,
        0);
  }

  @Test
  void gradient2GrowsTheLimitWhileRoundTripTimesStayFlat() {
    Gradient2Baseline gradient = new Gradient2Baseline(8, 200);
    for (int i = 0; i < 500; i++) {
      gradient.onTaskEnd(i * 0.01, 0.05, 8);
    }

    assertThat(gradient.decide(observation(8, 100, 10)).coreSize()).isGreaterThan(8);
  }

  @Test
  void gradient2ShrinksTheLimitWhenRoundTripTimesRise() {
    Gradient2Baseline gradient = new Gradient2Baseline(50, 200);
    for (int i = 0; i < 10; i++) {
      gradient.onTaskEnd(i * 0.01, 0.05, 200);
    }
    for (int i = 10; i < 40; i++) {
      gradient.onTaskEnd(i * 0.01, 0.5, 200);
    }

    assertThat(gradient.decide(observation(50, 100, 10)).coreSize()).isLessThan(50);
  }

  @Test
  void hillClimberMovesTowardMoreThreadsWhenThroughputFollowsThem() {
    HillClimbingBaseline climber = new HillClimbingBaseline(8, 200);
    int size = 8;
    for (int i = 0; i < 40; i++) {
      size = climber.decide(observation(size, size * 10.0, 50)).coreSize();
    }

    assertThat(size).isGreaterThan(20);
  }
}
