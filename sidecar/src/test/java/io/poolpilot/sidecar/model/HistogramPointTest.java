package io.poolpilot.sidecar.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.poolpilot.protocol.histogram.ExponentialHistogram;
import io.poolpilot.sidecar.testing.Allocation;
import org.junit.jupiter.api.Test;

class HistogramPointTest {

  @Test
  void takesAnAgentShapedPoint() {
    HistogramPoint point =
        HistogramPoint.cumulative(1, 2, new ExponentialHistogram(3, 5, -240, new long[336]));

    assertThat(point.histogram().bucketCount()).isEqualTo(336);
  }

  @Test
  void refusesMoreBucketsThanTheBound() {
    assertThatThrownBy(
            () ->
                HistogramPoint.cumulative(
                    1,
                    2,
                    new ExponentialHistogram(3, 0, 0, new long[HistogramPoint.MAX_BUCKETS + 1])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("4097 buckets, expected at most 4096");
  }

  @Test
  void refusesBucketsOutsideAnyDuration() {
    // 2^27 at scale 3 is 2^(2^24) seconds: the offset of the measured 1 GB attack.
    assertThat(HistogramPoint.shapeProblem(3, 1 << 27, 1))
        .hasValue("buckets 134217728 to 134217728 at scale 3 hold values outside 2^-64 to 2^64 s");
    assertThat(HistogramPoint.shapeProblem(3, Integer.MAX_VALUE, 2)).isPresent();
    assertThat(HistogramPoint.shapeProblem(3, Integer.MIN_VALUE, 1)).isPresent();
    assertThat(HistogramPoint.shapeProblem(20, 64 << 20, 1)).isPresent();
    assertThat(HistogramPoint.shapeProblem(20, (64 << 20) - 1, 1)).isEmpty();
    assertThat(HistogramPoint.shapeProblem(-10, 0, 1)).isPresent();
    assertThat(HistogramPoint.shapeProblem(-10, 5, 0)).as("no buckets, no range").isEmpty();
  }

  @Test
  void refusesScalesTheDataModelDoesNotHave() {
    assertThat(HistogramPoint.shapeProblem(21, 0, 1)).hasValue("scale 21 outside [-10, 20]");
    assertThat(HistogramPoint.shapeProblem(-11, 0, 0)).hasValue("scale -11 outside [-10, 20]");
  }

  @Test
  void refusesMoreValuesThanADoubleCountsExactly() {
    long[] counts = {HistogramPoint.MAX_COUNT, Long.MAX_VALUE};

    assertThatThrownBy(() -> HistogramPoint.delta(1, 2, new ExponentialHistogram(3, 0, 0, counts)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("counts more than 2^53 values");
    assertThatThrownBy(
            () ->
                HistogramPoint.delta(
                    1,
                    2,
                    new ExponentialHistogram(3, HistogramPoint.MAX_COUNT + 1, 0, new long[0])))
        .hasMessage("counts more than 2^53 values");
  }

  @Test
  void refusesToAddPointsFarApartWithoutAllocatingTheirSpan() {
    HistogramPoint low = HistogramPoint.cumulative(1, 2, histogram(20, 0));
    HistogramPoint high = HistogramPoint.cumulative(1, 2, histogram(20, 1 << 25));

    long before = Allocation.ofThisThread();
    assertThatThrownBy(() -> low.plus(high))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "added to the pool's other points it spans 33554433 buckets, expected at most 4096");
    assertThat(Allocation.ofThisThread() - before).isLessThan(1 << 20);
  }

  @Test
  void spansAreCountedAtTheCoarserScale() {
    HistogramPoint fine = HistogramPoint.delta(1, 2, histogram(5, 0));
    HistogramPoint coarse = HistogramPoint.delta(1, 2, histogram(3, 400));

    // At scale 3, index 0 of scale 5 is 0 and the sum spans buckets 0 to 400.
    assertThat(fine.spanWith(coarse)).isEqualTo(401);
    assertThat(fine.plus(coarse).histogram().scale()).isEqualTo(3);
    assertThat(fine.spanWith(HistogramPoint.delta(1, 2, ExponentialHistogram.empty(3))))
        .isEqualTo(1);
  }

  @Test
  void refusesASumOfMoreValuesThanTheBound() {
    HistogramPoint half =
        HistogramPoint.delta(
            1, 2, new ExponentialHistogram(3, 0, 0, new long[] {HistogramPoint.MAX_COUNT / 2 + 1}));

    assertThatThrownBy(() -> half.plus(half)).hasMessage("counts more than 2^53 values");
  }

  private static ExponentialHistogram histogram(int scale, int offset) {
    return new ExponentialHistogram(scale, 0, offset, new long[] {1});
  }
}
