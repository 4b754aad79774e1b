package io.poolpilot.tuning.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.poolpilot.protocol.histogram.ExponentialHistogram;
import org.junit.jupiter.api.Test;

/**
 * Totals kept in place: two buffers per pool, overwritten export after export, must give exactly
 * the intervals that a new immutable reading per export gave.
 */
class PoolTotalsTest {

  private static final long SECOND = 1_000_000_000L;

  private final PoolTotals earlier = new PoolTotals();
  private final PoolTotals later = new PoolTotals();

  /** An export of a cumulative series started at {@code start}: tasks ended and their waits. */
  private static PoolReading export(long time, long start, double completed, long... waits) {
    return new PoolReading(
        time,
        new CumulativeCount(start, completed),
        new CumulativeCount(start, 1),
        new CumulativeHistogram(start, new ExponentialHistogram(3, 0, -40, waits)),
        CumulativeHistogram.NONE,
        2,
        3,
        0.5,
        CumulativeCount.NONE);
  }

  @Test
  void reusedBuffersGiveTheDifferenceOfEachPairOfExports() {
    earlier.set(export(10 * SECOND, 1, 100, 5, 5));
    later.set(export(12 * SECOND, 1, 160, 5, 9, 2));
    TelemetryInterval first = TelemetryInterval.between(earlier, later).orElseThrow();

    assertThat(first.seconds()).isEqualTo(2);
    assertThat(first.completed()).isEqualTo(60);
    assertThat(first.rejected()).isZero();
    assertThat(first.queueWaits())
        .isEqualTo(new ExponentialHistogram(3, 0, -39, new long[] {4, 2}));

    // The next export into the same buffers, as the model and the decision loop reuse them.
    earlier.copyFrom(later);
    later.set(export(13 * SECOND, 1, 175, 6, 9, 2));
    TelemetryInterval second = TelemetryInterval.between(earlier, later).orElseThrow();

    assertThat(second.completed()).isEqualTo(15);
    assertThat(second.queueWaits().totalCount()).isEqualTo(1);
    assertThat(second.queueWaits().count(-40)).isEqualTo(1);
  }

  @Test
  void aResetCountsEverythingOfTheNewSeries() {
    earlier.set(export(10 * SECOND, 1, 100, 5, 5));
    later.set(export(11 * SECOND, 2, 30, 4, 0, 0, 3));

    TelemetryInterval interval = TelemetryInterval.between(earlier, later).orElseThrow();

    assertThat(interval.completed()).isEqualTo(30);
    assertThat(interval.rejected()).isEqualTo(1);
    assertThat(interval.queueWaits())
        .isEqualTo(new ExponentialHistogram(3, 0, -40, new long[] {4, 0, 0, 3}));
  }

  @Test
  void aDuplicateOrOlderExportMakesNoInterval() {
    earlier.set(export(10 * SECOND, 1, 100, 5, 5));
    later.set(export(10 * SECOND, 1, 100, 5, 5));
    assertThat(TelemetryInterval.between(earlier, later)).isEmpty();

    later.set(export(9 * SECOND, 1, 90, 5, 4));
    assertThat(TelemetryInterval.between(earlier, later)).isEmpty();
  }

  @Test
  void aNarrowerHistogramInAReusedBufferLeavesNoCountsOfTheWiderOne() {
    HistogramTotal total = new HistogramTotal();
    total.set(7, new ExponentialHistogram(3, 1, -40, new long[] {1, 2, 3, 4, 5}));
    total.set(7, new ExponentialHistogram(3, 0, -38, new long[] {9}));

    assertThat(total.histogram()).isEqualTo(new ExponentialHistogram(3, 0, -38, new long[] {9}));
    assertThat(total.totalCount()).isEqualTo(9);
    assertThat(total.cumulative().startUnixNano()).isEqualTo(7);
  }

  @Test
  void aReadingGivenOutIsACopyThatLaterExportsDoNotChange() {
    later.set(export(10 * SECOND, 1, 100, 5, 5));
    PoolReading given = later.reading();

    later.set(export(11 * SECOND, 1, 120, 5, 8));
    earlier.copyFrom(later);
    later.set(export(12 * SECOND, 1, 130, 6, 8));

    assertThat(given).isEqualTo(export(10 * SECOND, 1, 100, 5, 5));
    assertThat(earlier.reading()).isEqualTo(export(11 * SECOND, 1, 120, 5, 8));
  }

  @Test
  void refusesANegativeOrInfiniteCount() {
    assertThatThrownBy(() -> later.completed(1, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("completed -1.0");
    assertThatThrownBy(() -> later.gauges(Double.POSITIVE_INFINITY, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("busyThreads Infinity");
  }
}
