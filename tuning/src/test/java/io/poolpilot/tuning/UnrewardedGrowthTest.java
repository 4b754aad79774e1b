package io.poolpilot.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.testsupport.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, tuner-real's runaway: a service that sheds requests waited past 50 ms with a fast 503,
 * behind a downstream of 4 slots. Every thread past 4 only waits in the downstream's line, so the
 * run time grows with the threads and the queue model asks for more threads at every step, while
 * the queue, emptied by the sheds, never counts as a backlog.
 */
class UnrewardedGrowthTest {

  private static final double MARGIN = 0.1;

  private final MutableClock clock = new MutableClock();
  private final PoolPilotTuner tuner = new PoolPilotTuner(TunerConfig.DEFAULTS, clock);

  /**
   * 240 requests a second at {@code size} threads: 110 a second served by the downstream from 4
   * threads up (27.5 per thread below), the rest shed at once. Busy threads = size, so by Little's
   * law the mean run time over everything that ended is {@code size / 240} s; the queue is empty at
   * the sample and its wait p99 just past the objective, as the sheds keep it. As in tuner-real's
   * journal, the process's CPU jumps from about 20% to 55% for one period in three (the load
   * generator and the collector share the processors) and the run time swings by a quarter.
   */
  private static Observation shedding(int size, int second) {
    double good = Math.min(110, 27.5 * size);
    double swing = second % 2 == 0 ? 1.25 : 0.8;
    return Observation.of()
        .size(size)
        .busy(size)
        .arrivals(240)
        .completions(240)
        .failures(240 - good)
        .execution(swing * size / 240.0)
        .cpu(second % 3 == 2 ? 0.55 : 0.2)
        .waitP99(0.062);
  }

  private List<Integer> overloadFrom(int size, int seconds) {
    List<Integer> sizes = new ArrayList<>();
    for (int second = 0; second < seconds; second++) {
      clock.advance(Duration.ofSeconds(1));
      size = tuner.decide(shedding(size, second).build()).coreSize();
      sizes.add(size);
    }
    return sizes;
  }

  @Test
  void growthsThatOnlyLengthenTheRunTimeUnderSheddingDoNotRunAway() {
    List<Integer> sizes = overloadFrom(4, 120);

    assertThat(sizes).allSatisfy(s -> assertThat(s).isLessThanOrEqualTo(16));
    assertThat(sizes.subList(60, 120)).allSatisfy(s -> assertThat(s).isLessThanOrEqualTo(8));
  }

  @Test
  void theWayBackStaysWithinTheReversalBudget() {
    List<Integer> sizes = overloadFrom(4, 120);

    assertThat(ReversalCount.worstMinute(sizes)).isLessThanOrEqualTo(ReversalBudget.PER_WINDOW);
  }

  @Test
  void twoGrowthsWithFlatGoodputAndARunTimeUpInProportionGoBackToTheAnchor() {
    UnrewardedGrowth run = new UnrewardedGrowth();
    run.grew(4, 110, 4 / 240.0, MARGIN);
    run.grew(8, 111, 8 / 240.0, MARGIN);

    assertThat(run.rollbackTo(11, 110, 240, 11 / 240.0, MARGIN)).isEqualTo(4);
  }

  @Test
  void oneGrowthAloneIsLeftToItsOwnVerdict() {
    UnrewardedGrowth run = new UnrewardedGrowth();
    run.grew(4, 110, 4 / 240.0, MARGIN);

    assertThat(run.rollbackTo(8, 110, 240, 8 / 240.0, MARGIN)).isZero();
  }

  @Test
  void aGrowthThatRaisedGoodputMovesTheAnchorUp() {
    UnrewardedGrowth run = new UnrewardedGrowth();
    run.grew(4, 60, 4 / 240.0, MARGIN);
    run.grew(8, 110, 8 / 240.0, MARGIN);

    assertThat(run.rollbackTo(11, 110, 240, 11 / 240.0, MARGIN)).isZero();
    run.grew(11, 110, 11 / 240.0, MARGIN);
    assertThat(run.rollbackTo(15, 110, 240, 15 / 240.0, MARGIN)).isEqualTo(8);
  }

  @Test
  void aPoolThatServesWhatArrivesGrowsForItsQueueWait() {
    UnrewardedGrowth run = new UnrewardedGrowth();
    run.grew(4, 100, 0.04, MARGIN);
    run.grew(6, 100, 0.06, MARGIN);

    assertThat(run.rollbackTo(8, 100, 105, 0.08, MARGIN)).isZero();
  }

  @Test
  void failuresAtASteadyRateWithAnUnchangedRunTimeAreNotTheThreads() {
    UnrewardedGrowth run = new UnrewardedGrowth();
    run.grew(4, 80, 0.04, MARGIN);
    run.grew(6, 80, 0.041, MARGIN);

    assertThat(run.rollbackTo(8, 80, 100, 0.042, MARGIN)).isZero();
  }

  @Test
  void aResetForgetsTheRun() {
    UnrewardedGrowth run = new UnrewardedGrowth();
    run.grew(4, 110, 4 / 240.0, MARGIN);
    run.grew(8, 110, 8 / 240.0, MARGIN);
    run.reset();
    run.grew(11, 110, 11 / 240.0, MARGIN);

    assertThat(run.rollbackTo(15, 110, 240, 15 / 240.0, MARGIN)).isZero();
  }

  @Test
  void aGrowthJudgedWorseOnItsOwnGoesBackPastTheEarlierGrowthsThatGotNoMoreDone() {
    UnrewardedGrowth run = new UnrewardedGrowth();
    run.grew(7, 100, 0.03, 0.25);
    run.grew(11, 114, 0.037, 0.25);

    assertThat(run.anchorWithoutGain(117, 240, 0.25)).isEqualTo(7);
  }

  @Test
  void notPastAnEarlierGrowthThatRaisedGoodputBeyondItsNoise() {
    UnrewardedGrowth run = new UnrewardedGrowth();
    run.grew(7, 80, 0.03, 0.25);
    run.grew(11, 114, 0.037, 0.25);

    assertThat(run.anchorWithoutGain(117, 240, 0.25)).isEqualTo(11);
    assertThat(new UnrewardedGrowth().anchorWithoutGain(117, 240, 0.25)).isZero();
  }

  @Test
  void keepingUpIsNinetyPercentOfTheArrivals() {
    assertThat(UnrewardedGrowth.keepsUp(90, 100)).isTrue();
    assertThat(UnrewardedGrowth.keepsUp(89, 100)).isFalse();
  }
}
