package io.poolpilot.benchmarks.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MeasurementsTest {

  @Test
  void dividesTheCpuTimeBetweenTwoReadingsByTheRequestsServed() {
    // 3 s of CPU over 20,000 requests: 150 us each.
    double micros = Measurements.cpuMicrosPerRequest(7_000_000_000L, 10_000_000_000L, 20_000);

    assertThat(micros).isCloseTo(150.0, within(1e-9));
  }

  @Test
  void refusesRunsThatServedNothingOrReadingsOutOfOrder() {
    assertThatThrownBy(() -> Measurements.cpuMicrosPerRequest(0, 10, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no requests");
    assertThatThrownBy(() -> Measurements.cpuMicrosPerRequest(10, 5, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("backwards");
  }

  @Test
  void medianSkipsRunsThatDidNotCount() {
    assertThat(Measurements.median(List.of(5.0, Double.NaN, 1.0, 3.0))).isEqualTo(3.0);
    assertThat(Measurements.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    assertThat(Measurements.median(List.of(Double.NaN))).isNaN();
  }

  @Test
  void comparesWithinEachRoundAndLeavesOutRoundsWhereEitherRunDidNotCount() {
    List<Double> none = List.of(100.0, 120.0, Double.NaN, 90.0);
    List<Double> agent = List.of(110.0, Double.NaN, 130.0, 96.0);

    assertThat(Measurements.pairedDifferences(agent, none)).containsExactly(10.0, 6.0);
    assertThat(Measurements.pairedRatios(agent, none)).containsExactly(1.1, 96.0 / 90.0);
  }

  @Test
  void allocationIsEachThreadsGrowthWithNewThreadsCountedFromZeroAndEndedOnesLeftOut() {
    Map<Long, Long> before = Map.of(1L, 1_000L, 2L, 5_000L, 3L, 700L);
    // Thread 3 ended in between; thread 4 started.
    Map<Long, Long> after = Map.of(1L, 1_500L, 2L, 5_000L, 4L, 250L);

    assertThat(Measurements.allocatedBetween(before, after)).isEqualTo(500 + 0 + 250);
  }

  @Test
  void refusesAllocationTotalsThatShrink() {
    assertThatThrownBy(() -> Measurements.allocatedBetween(Map.of(7L, 10L), Map.of(7L, 9L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("thread 7 allocated 10 bytes, then 9");
  }
}
