package io.poolpilot.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.poolpilot.testsupport.MutableClock;
import io.poolpilot.tuning.CapacitySignal.Bottleneck;
import io.poolpilot.tuning.ChangeUnderTest.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: under an overload behind a downstream with few slots, probes down that hold the
 * throughput while the run time falls with the threads keep going down to the downstream's size;
 * probes that hold it at an unchanged run time do not.
 */
class KeptProbeTest {

  /** The downstream's slots: the pool's best size. */
  private static final int SLOTS = 4;

  /** What the downstream completes a second with all its slots busy. */
  private static final double SERVED = 120;

  private final MutableClock clock = new MutableClock();
  private final PoolPilotTuner tuner = new PoolPilotTuner(TunerConfig.DEFAULTS, clock);

  /**
   * 150 tasks/s against a downstream that serves 120/s from 4 threads up and 30/s per thread below:
   * every thread beyond 4 only waits in the downstream's line, so by Little's law the run time is
   * {@code size / 120} s. The pool is past its ceiling from the start (a growth is rolled back for
   * lengthening the run time), probes down hold the goodput, and the pool reaches the downstream's
   * size.
   */
  @Test
  void probesThatHoldGoodputAndCutTheRunTimeTakeThePoolDownToTheDownstreamsSize() {
    List<Integer> sizes = run(16, KeptProbeTest::downstream, n -> n / downstream(n));

    assertThat(sizes.subList(90, 120)).allSatisfy(s -> assertThat(s).isBetween(SLOTS, SLOTS + 1));
  }

  /**
   * The same goodput at every size, but a run time that falls with the threads only above 16 (a
   * growth past 16 is rolled back for lengthening it) and not below: the probes under 16 hold
   * throughput and prove nothing about the threads taken away, so the ceiling stays at 16, as
   * before issue 14's rule. Moving it down on such probes ratcheted a pool below its best size.
   */
  @Test
  void probesThatHoldGoodputWithoutCuttingTheRunTimeLeaveTheCeilingWhereItWas() {
    List<Integer> sizes = run(16, n -> SERVED, n -> Math.max(n, 16) / SERVED);

    int firstProbe = sizes.stream().filter(s -> s < 16).findFirst().orElseThrow();
    assertThat(firstProbe).isEqualTo(12);
    assertThat(sizes).allSatisfy(s -> assertThat(s).isGreaterThanOrEqualTo(firstProbe));
  }

  /** Coming down probe by probe never reverses the pool more than the budget allows. */
  @Test
  void theWayDownStaysWithinTheReversalBudget() {
    List<Integer> sizes = run(16, KeptProbeTest::downstream, n -> n / downstream(n));

    assertThat(ReversalCount.worstMinute(sizes)).isLessThanOrEqualTo(ReversalBudget.PER_WINDOW);
  }

  @Test
  void aProbeThatHeldThroughputAndCutTheRunTimeInProportionMovesTheCeilingDown() {
    ChangeUnderTest probe = probe(16, 12, 120, 16 / 120.0);
    afterwards(probe, 118, 12 / 118.0);

    assertThat(KeptProbe.onlyWaitersTakenAway(probe, 0.02)).isTrue();
    assertThat(KeptProbe.ceiling(probe, false, 0.02)).isEqualTo(12);
  }

  @Test
  void aProbeWhoseRunTimeFellLessThanHalfInProportionKeepsTheCeiling() {
    ChangeUnderTest probe = probe(16, 12, 120, 0.1);
    afterwards(probe, 120, 0.1 * (1 - 0.1));

    assertThat(KeptProbe.onlyWaitersTakenAway(probe, 0.02)).isFalse();
    assertThat(KeptProbe.ceiling(probe, false, 0.02)).isEqualTo(16);
  }

  @Test
  void aRunTimeFallWithinItsOwnNoiseProvesNothing() {
    ChangeUnderTest probe = probe(16, 12, 120, 16 / 120.0);
    afterwards(probe, 120, 12 / 120.0);

    assertThat(KeptProbe.onlyWaitersTakenAway(probe, 0.15)).isFalse();
  }

  @Test
  void aProbeThatLostThroughputIsNoProofEvenWithAShorterRunTime() {
    ChangeUnderTest probe = probe(16, 12, 120, 16 / 120.0);
    afterwards(probe, 100, 12 / 120.0);

    assertThat(KeptProbe.onlyWaitersTakenAway(probe, 0.02)).isFalse();
  }

  @Test
  void aCpuProbeIsLeftToTheCpuRule() {
    ChangeUnderTest probe =
        new ChangeUnderTest(
            Kind.PROBE, Bottleneck.CPU, 16, 12, estimate(120, 16 / 120.0), false, true, false);
    afterwards(probe, 120, 12 / 120.0);

    assertThat(KeptProbe.ceiling(probe, false, 0.02)).isEqualTo(16);
  }

  @Test
  void refusesAChangeThatIsNoProbe() {
    ChangeUnderTest growth =
        new ChangeUnderTest(
            Kind.GROW, Bottleneck.NONE, 12, 16, estimate(120, 0.1), false, true, false);

    assertThatThrownBy(() -> KeptProbe.ceiling(growth, false, 0.02))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GROW");
  }

  /** What the downstream completes a second when {@code threads} call it. */
  private static double downstream(int threads) {
    return Math.min(threads, SLOTS) * SERVED / SLOTS;
  }

  /**
   * Two minutes of 150 tasks/s with a backlog, starting at {@code size}; each period completes
   * {@code goodput(size)} tasks a second, each in {@code runTime(size)} seconds.
   */
  private List<Integer> run(int size, IntToDoubleFunction goodput, IntToDoubleFunction runTime) {
    List<Integer> sizes = new ArrayList<>();
    for (int second = 0; second < 120; second++) {
      double done = goodput.applyAsDouble(size);
      double execution = runTime.applyAsDouble(size);
      clock.advance(Duration.ofSeconds(1));
      Decision decision =
          tuner.decide(
              Observation.of()
                  .size(size)
                  .busy(Math.min(size, done * execution))
                  .arrivals(150)
                  .completions(done)
                  .execution(execution)
                  .cpu(0.05)
                  .waitP99(0.3)
                  .backlog(200, 0.4)
                  .build());
      size = decision.coreSize();
      sizes.add(size);
    }
    return sizes;
  }

  private static ChangeUnderTest probe(int from, int to, double goodput, double execution) {
    return new ChangeUnderTest(
        Kind.PROBE,
        Bottleneck.CONCURRENCY,
        from,
        to,
        estimate(goodput, execution),
        false,
        true,
        false);
  }

  private static WorkloadEstimate estimate(double goodput, double execution) {
    WorkloadEstimate estimate = new WorkloadEstimate();
    for (int i = 0; i < 3; i++) {
      estimate.update(
          Observation.of()
              .size(16)
              .busy(16)
              .arrivals(150)
              .completions(goodput)
              .execution(execution)
              .cpu(0.05)
              .build());
    }
    return estimate;
  }

  private static void afterwards(ChangeUnderTest change, double goodput, double execution) {
    for (int i = 0; i < 2; i++) {
      change.observe(
          Observation.of()
              .size(change.to)
              .busy(change.to)
              .arrivals(150)
              .completions(goodput)
              .execution(execution)
              .cpu(0.05)
              .build());
    }
  }
}
