package io.poolpilot.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.testsupport.MutableClock;
import io.poolpilot.tuning.Decision.Action;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A request pool in front of a downstream that serves 120 calls a second at most, the rest failed
 * at once with a 503 (as tuner-real's service fails requests shed past their deadline): growths are
 * judged on the goodput, so threads that only add failures are taken back.
 */
class GoodputJudgementTest {

  private final MutableClock clock = new MutableClock();
  private final PoolPilotTuner tuner = new PoolPilotTuner(TunerConfig.DEFAULTS, clock);

  private Decision next(Observation observation) {
    clock.advance(Duration.ofSeconds(1));
    return tuner.decide(observation.build());
  }

  /** Six quiet periods at 4 threads, 90 requests a second, none failing. */
  private void quietAt4() {
    for (int i = 0; i < 6; i++) {
      next(
          Observation.of()
              .size(4)
              .busy(2)
              .rate(90 * (i % 2 == 0 ? 0.98 : 1.02))
              .execution(0.035)
              .cpu(0.12)
              .waitP99(0.04));
    }
  }

  /**
   * 240 requests a second at {@code size} threads: up to 4 threads reach the downstream's 120 a
   * second; every thread past 4 adds 60 fast refusals a second, up to the arrivals. A request
   * served costs 2 ms of CPU, a refusal 0.5 ms, on 2 processors.
   */
  private static Observation overloadAt(int size, boolean failuresCounted) {
    double good = Math.min(120, 30.0 * size);
    double refused = Math.min(240 - good, Math.max(0, size - 4) * 60.0);
    double ended = good + refused;
    return Observation.of()
        .size(size)
        .busy(size)
        .arrivals(240)
        .completions(ended)
        .failures(failuresCounted ? refused : 0)
        .execution(size / ended)
        .cpu((0.002 * good + 0.0005 * refused) / 2)
        .waitP99(0.5)
        .backlog(300, 0.6);
  }

  @Test
  void rollsBackAGrowthThatOnlyRaisedTheFailures() {
    quietAt4();
    Decision grown = next(overloadAt(4, true));
    assertThat(grown.action()).isEqualTo(Action.GROW);
    int size = grown.coreSize();
    assertThat(size).isGreaterThanOrEqualTo(8);

    next(overloadAt(size, true));
    Decision judged = next(overloadAt(size, true));

    assertThat(judged.action()).isEqualTo(Action.ROLLBACK);
    assertThat(judged.coreSize()).isEqualTo(4);
    assertThat(judged.reason()).contains("failures 0.0→120.0/s");
  }

  /**
   * The same overload where the agent counts no failures: completions doubled, which is more work
   * as far as the tuner can tell, and the growth is kept. This is the behaviour the count of
   * failures changes.
   */
  @Test
  void keepsTheSameGrowthWhereFailuresAreNotCounted() {
    quietAt4();
    int size = next(overloadAt(4, false)).coreSize();
    next(overloadAt(size, false));
    Decision judged = next(overloadAt(size, false));

    assertThat(judged.action()).isNotEqualTo(Action.ROLLBACK);
    assertThat(judged.coreSize()).isGreaterThanOrEqualTo(size);
  }

  /**
   * Two minutes of the overload, the tuner's decisions applied: after the growth that only raised
   * the failures is rolled back, the pool stays near the downstream's limit (a re-test of a quarter
   * at most, never the large growth again), and says it needs capacity.
   */
  @Test
  void holdsNearTheDownstreamsLimitAndRaisesCapacityInsteadOfGrowingIntoRefusals() {
    quietAt4();
    int size = 4;
    boolean rolledBack = false;
    int largestAfterRollback = 0;
    int failingPeriodsAfterRollback = 0;
    Decision decision = null;
    for (int period = 0; period < 120; period++) {
      decision = next(overloadAt(size, true));
      if (rolledBack) {
        largestAfterRollback = Math.max(largestAfterRollback, decision.coreSize());
        failingPeriodsAfterRollback += size > 4 ? 1 : 0;
      }
      rolledBack |= decision.action() == Action.ROLLBACK;
      size = decision.coreSize();
    }

    assertThat(rolledBack).isTrue();
    assertThat(largestAfterRollback).isLessThanOrEqualTo(5);
    assertThat(failingPeriodsAfterRollback).isLessThanOrEqualTo(10);
    assertThat(size).isBetween(3, 5);
    assertThat(decision.capacity().raised()).isTrue();
  }
}
