package io.poolpilot.benchmarks.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReplayScheduleTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void spreadsInstancesEvenlyOverTheInterval() {
    ReplaySchedule schedule = new ReplaySchedule(4, SECOND);

    assertThat(schedule.offsetNanos(0)).isZero();
    assertThat(schedule.offsetNanos(1)).isEqualTo(250_000_000L);
    assertThat(schedule.offsetNanos(2)).isEqualTo(500_000_000L);
    assertThat(schedule.offsetNanos(3)).isEqualTo(750_000_000L);
  }

  @Test
  void sendsEachInstanceOncePerIntervalAtTheSameOffset() {
    ReplaySchedule schedule = new ReplaySchedule(1000, SECOND);

    long first = schedule.dueNanos(5_000, 999, 0);
    long second = schedule.dueNanos(5_000, 999, 1);

    assertThat(first).isEqualTo(5_000 + 999_000_000L);
    assertThat(second - first).isEqualTo(SECOND);
  }

  @Test
  void keepsEveryDueTimeOfOneRoundBeforeTheNextRound() {
    ReplaySchedule schedule = new ReplaySchedule(3, SECOND);

    assertThat(schedule.dueNanos(0, 2, 0)).isLessThan(schedule.dueNanos(0, 0, 1));
    assertThat(schedule.dueNanos(0, 2, 0)).isEqualTo(666_666_666L);
  }

  @Test
  void refusesMoreInstancesThanTheIntervalCanSpread() {
    assertThatThrownBy(() -> new ReplaySchedule(0, SECOND)).hasMessageContaining("at least 1: 0");
    assertThatThrownBy(() -> new ReplaySchedule(10, 5)).hasMessageContaining("cannot spread 10");
  }
}
