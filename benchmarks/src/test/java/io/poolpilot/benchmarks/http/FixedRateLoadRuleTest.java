package io.poolpilot.benchmarks.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When the generator's own send lag lets a run's latency count, and how long a sender spins. */
class FixedRateLoadRuleTest {
  @Test
  void countsLatencyWhenTheLagStaysUnderOneMillisecond() {
    assertThat(FixedRateLoad.lagSmallEnough(1_000, 1_500)).isTrue();
    assertThat(FixedRateLoad.lagSmallEnough(1_001, 1_500)).isFalse();
  }

  @Test
  void countsALargerLagWhenItIsAtMostAQuarterOfTheP99() {
    assertThat(FixedRateLoad.lagSmallEnough(2_000, 8_000)).isTrue();
    assertThat(FixedRateLoad.lagSmallEnough(2_001, 8_000)).isFalse();
    assertThat(FixedRateLoad.lagSmallEnough(3_800, 7_000)).isFalse();
  }

  @Test
  void spinsAQuarterOfTheIntervalAndNeverMoreThanOneMillisecond() {
    assertThat(FixedRateLoad.spinNanos(1_000_000)).isEqualTo(250_000);
    assertThat(FixedRateLoad.spinNanos(10_000_000)).isEqualTo(1_000_000);
  }
}
