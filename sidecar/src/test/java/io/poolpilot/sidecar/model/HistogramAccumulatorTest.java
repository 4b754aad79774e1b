package io.poolpilot.sidecar.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.protocol.histogram.ExponentialHistogram;
import io.poolpilot.sidecar.testing.Allocation;
import io.poolpilot.tuning.telemetry.CumulativeHistogram;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HistogramAccumulatorTest {

  private static final long START = 1_000;
  private static final long SECOND = 1_000_000_000L;

  private final HistogramAccumulator accumulator = new HistogramAccumulator();

  @Test
  void aCumulativeSeriesThatStaysInRangeGivesItsDifferences() {
    CumulativeHistogram first = accept(HistogramPoint.cumulative(START, 1, counts(3, -80, 10)));
    CumulativeHistogram second =
        accept(HistogramPoint.cumulative(START, 2, counts(3, -80, 10, 0, 5)));

    assertThat(second.since(first).totalCount()).isEqualTo(5);
  }

  @Test
  void aCumulativeSeriesJumpingInOffsetStartsOverWithoutAllocatingTheJump() {
    // Scale 20 fits 64 << 20 buckets per power of two; 2^25 apart is 32 powers of two.
    CumulativeHistogram first = accept(HistogramPoint.cumulative(START, 1, counts(20, 0, 7)));
    CumulativeHistogram jumped =
        accept(HistogramPoint.cumulative(START, 2, counts(20, 1 << 25, 9)));

    long before = Allocation.ofThisThread();
    ExponentialHistogram interval = jumped.since(first);

    assertThat(Allocation.ofThisThread() - before).isLessThan(1 << 20);
    assertThat(interval.totalCount()).as("the new series' values alone").isEqualTo(9);
  }

  @Test
  void noTwoTotalsOfOneSeriesSpanMoreThanTheBoundEvenApart() {
    // Each point is 3,000 buckets from the one before, the first and the third 6,000 apart: a
    // decision loop compares totals a period apart, not only neighbours.
    CumulativeHistogram first = accept(HistogramPoint.cumulative(START, 1, counts(8, -8000, 1)));
    CumulativeHistogram second = accept(HistogramPoint.cumulative(START, 2, counts(8, -5000, 1)));
    CumulativeHistogram third = accept(HistogramPoint.cumulative(START, 3, counts(8, -2000, 1)));

    assertThat(second.startUnixNano()).isEqualTo(first.startUnixNano());
    assertThat(third.startUnixNano()).isNotEqualTo(first.startUnixNano());
  }

  @Test
  void aCumulativeSeriesThatRefinesItsScaleStartsOver() {
    CumulativeHistogram coarse = accept(HistogramPoint.cumulative(START, 1, counts(0, 0, 4)));
    CumulativeHistogram fine = accept(HistogramPoint.cumulative(START, 2, counts(3, 0, 6)));

    assertThat(fine.startUnixNano()).isNotEqualTo(coarse.startUnixNano());
  }

  @Test
  void aNewStartTimeStillStartsANewSeries() {
    CumulativeHistogram first = accept(HistogramPoint.cumulative(START, 1, counts(3, 0, 4)));
    CumulativeHistogram restarted =
        accept(HistogramPoint.cumulative(START + 1, 2, counts(3, 0, 6)));

    assertThat(restarted.since(first).totalCount()).isEqualTo(6);
  }

  @Test
  void deltaPointsAddUpWhileTheirSumStaysInBounds() {
    accept(HistogramPoint.delta(START, 1, counts(3, 0, 4)));
    CumulativeHistogram sum = accept(HistogramPoint.delta(1, 2, counts(3, 100, 6)));

    assertThat(sum.histogram().totalCount()).isEqualTo(10);
    assertThat(sum.histogram().bucketCount()).isEqualTo(101);
  }

  @Test
  void aDeltaPointFarFromTheSumStartsOver() {
    CumulativeHistogram before = accept(HistogramPoint.delta(START, 1, counts(20, 0, 4)));
    CumulativeHistogram after = accept(HistogramPoint.delta(1, 2, counts(20, 1 << 25, 6)));

    assertThat(after.histogram().totalCount()).isEqualTo(6);
    assertThat(after.startUnixNano()).isNotEqualTo(before.startUnixNano());
  }

  @Test
  void deltaPointsThatWouldCountPastTheBoundStartOver() {
    long half = HistogramPoint.MAX_COUNT / 2 + 1;
    accept(HistogramPoint.delta(START, 1, counts(3, 0, half)));
    CumulativeHistogram after = accept(HistogramPoint.delta(1, 2, counts(3, 0, half)));

    assertThat(after.histogram().totalCount()).isEqualTo(half);
  }

  @Test
  void theModelShowsOnlyFiniteQuantilesForAJumpingSeries() {
    PoolModel model = new PoolModel();
    PoolKey key = new PoolKey("orders", "i-1", "orders-*");
    model.record(report(key, 1, counts(20, -(64 << 20), 5)));
    model.record(report(key, 2, counts(20, (64 << 20) - 1, 5)));

    WaitQuantiles waits = model.snapshots().get(0).queueWait();

    assertThat(waits.samples()).isEqualTo(5);
    assertThat(waits.p99Seconds().getAsDouble()).isFinite().isLessThanOrEqualTo(Math.pow(2, 64));
  }

  private CumulativeHistogram accept(HistogramPoint point) {
    accumulator.accept(point);
    return accumulator.total();
  }

  private static PoolReport report(PoolKey key, long seconds, ExponentialHistogram histogram) {
    return new PoolReport(
        key,
        seconds * SECOND,
        Map.of(),
        Optional.of(HistogramPoint.cumulative(START, seconds * SECOND, histogram)));
  }

  private static ExponentialHistogram counts(int scale, int offset, long... counts) {
    return new ExponentialHistogram(scale, 0, offset, counts);
  }
}
