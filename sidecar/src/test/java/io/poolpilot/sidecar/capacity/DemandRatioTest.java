package io.poolpilot.sidecar.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.poolpilot.tuning.CapacitySignal;
import io.poolpilot.tuning.CapacitySignal.Bottleneck;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DemandRatioTest {

  private static PoolDemand demand(
      double arrivals, double cpuPerTask, int processors, double busy, int max, CapacitySignal s) {
    return new PoolDemand(
        "orders",
        "i-1",
        "pool",
        Instant.EPOCH,
        arrivals,
        arrivals,
        busy,
        max,
        cpuPerTask,
        processors,
        s);
  }

  @Test
  void cpuBoundRatioIsArrivalsTimesCpuOverUsableCoresAtTarget() {
    PoolDemand cpuBound =
        demand(250, 0.010, 2, 2, 2, CapacitySignal.raise(Bottleneck.CPU, 1.25, "cpu"));

    assertThat(DemandRatio.of(cpuBound, 0.8)).isCloseTo(250 * 0.010 / (2 * 0.8), within(1e-9));
  }

  @Test
  void concurrencyRatioIsTheTunersOverTheTarget() {
    PoolDemand limited =
        demand(100, 0, 8, 20, 20, CapacitySignal.raise(Bottleneck.CONCURRENCY, 1.2, "limit"));

    assertThat(DemandRatio.of(limited, 0.8)).isCloseTo(1.5, within(1e-9));
  }

  @Test
  void withoutTheSignalTheRatioNeverAsksForMore() {
    PoolDemand busyButTunable = demand(1000, 0.01, 2, 40, 40, CapacitySignal.NONE);
    PoolDemand idle = demand(10, 0, 4, 2, 20, CapacitySignal.NONE);

    assertThat(DemandRatio.of(busyButTunable, 0.8)).isEqualTo(1.0);
    assertThat(DemandRatio.of(idle, 0.8)).isCloseTo(2 / (20 * 0.8), within(1e-9));
  }
}
