package io.poolpilot.tuning.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.protocol.histogram.ExponentialHistogram;
import org.junit.jupiter.api.Test;

class TelemetryIntervalTest {

  private static final long SECOND = 1_000_000_000L;

  private static PoolReading reading(long time, long start, double completed, long[] waits) {
    return new PoolReading(
        time,
        new CumulativeCount(start, completed),
        CumulativeCount.NONE,
        new CumulativeHistogram(start, new ExponentialHistogram(3, 0, -40, waits)),
        CumulativeHistogram.NONE,
        0,
        0,
        0,
        CumulativeCount.NONE);
  }

  @Test
  void aContinuedSeriesGivesTheDifference() {
    TelemetryInterval interval =
        TelemetryInterval.between(
                reading(10 * SECOND, 1, 100, new long[] {5, 5}),
                reading(12 * SECOND, 1, 160, new long[] {5, 9, 2}))
            .orElseThrow();

    assertThat(interval.seconds()).isEqualTo(2);
    assertThat(interval.completed()).isEqualTo(60);
    assertThat(interval.completedPerSecond()).isEqualTo(30);
    assertThat(interval.queueWaits())
        .isEqualTo(new ExponentialHistogram(3, 0, -39, new long[] {4, 2}));
  }

  @Test
  void aNewStartOrAFallingCountMeansEverythingIsNew() {
    TelemetryInterval newStart =
        TelemetryInterval.between(
                reading(10 * SECOND, 1, 100, new long[] {5, 5}),
                reading(11 * SECOND, 2, 120, new long[] {9, 9}))
            .orElseThrow();
    assertThat(newStart.completed()).isEqualTo(120);
    assertThat(newStart.queueWaits().totalCount()).isEqualTo(18);

    TelemetryInterval fell =
        TelemetryInterval.between(
                reading(10 * SECOND, 1, 100, new long[] {5, 5}),
                reading(11 * SECOND, 1, 7, new long[] {1, 1}))
            .orElseThrow();
    assertThat(fell.completed()).isEqualTo(7);
    assertThat(fell.queueWaits().totalCount()).isEqualTo(2);
  }

  @Test
  void readingsOutOfOrderMakeNoInterval() {
    assertThat(
            TelemetryInterval.between(
                reading(11 * SECOND, 1, 100, new long[] {1}),
                reading(10 * SECOND, 1, 90, new long[] {1})))
        .isEmpty();
  }
}
