package io.poolpilot.protocol.histogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExponentialHistogramTest {

  /** At scale 3 one bucket spans a factor of 2^(1/8). */
  private static final double BUCKET_RATIO = Math.pow(2, 1.0 / 8);

  @Test
  void interpolatesGeometricallyInsideTheBucketHoldingTheRank() {
    // 100 values in bucket 0 at scale 3, that is (1 s, 2^(1/8) s].
    ExponentialHistogram h = new ExponentialHistogram(3, 0, 0, new long[] {100});

    assertThat(h.quantile(0.5).getAsDouble()).isCloseTo(Math.pow(2, 0.5 / 8), within(1e-12));
    assertThat(h.quantile(1.0).getAsDouble()).isCloseTo(BUCKET_RATIO, within(1e-12));
  }

  @Test
  void theMeanTakesEachValueAtItsBucketsGeometricMidpoint() {
    // 90 values near 1 ms (bucket -80) and 10 near 125 ms (bucket -24): mean about 13.4 ms.
    long[] counts = new long[57];
    counts[0] = 90;
    counts[56] = 10;
    ExponentialHistogram h = new ExponentialHistogram(3, 5, -80, counts);

    double expected =
        (90 * Math.pow(2, -79.5 / 8) + 10 * Math.pow(2, -23.5 / 8)) / 105; // zeros count as 0
    assertThat(h.mean().getAsDouble()).isCloseTo(expected, within(1e-12));
    assertThat(ExponentialHistogram.empty(3).mean()).isEmpty();
  }

  @Test
  void findsTheBucketWhereTheCumulativeCountReachesTheRank() {
    // 90 values in bucket -80 (about 1 ms), 10 in bucket -24 (about 125 ms).
    long[] counts = new long[57];
    counts[0] = 90;
    counts[56] = 10;
    ExponentialHistogram h = new ExponentialHistogram(3, 0, -80, counts);

    assertThat(h.quantile(0.5).getAsDouble())
        .isBetween(Math.pow(2, -80 / 8.0), Math.pow(2, -79 / 8.0));
    assertThat(h.quantile(0.99).getAsDouble())
        .isBetween(Math.pow(2, -24 / 8.0), Math.pow(2, -23 / 8.0));
  }

  @Test
  void estimatesAreWithinOneBucketWidthOfTheExactQuantiles() {
    Random random = new Random(42);
    double[] values = new double[10_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = Math.exp(random.nextGaussian() * 1.5 - 4); // log-normal around 18 ms
    }
    ExponentialHistogram h = histogramOf(3, values);
    Arrays.sort(values);

    for (double q : new double[] {0.5, 0.9, 0.99}) {
      double exact = values[(int) Math.ceil(q * values.length) - 1];
      double estimate = h.quantile(q).getAsDouble();
      assertThat(estimate / exact).as("q=%s", q).isBetween(1 / BUCKET_RATIO, BUCKET_RATIO);
    }
  }

  @Test
  void aRankInsideTheZeroBucketEstimatesZero() {
    ExponentialHistogram h = new ExponentialHistogram(3, 60, 0, new long[] {40});

    assertThat(h.quantile(0.5).getAsDouble()).isZero();
    assertThat(h.quantile(0.99).getAsDouble()).isGreaterThan(1);
  }

  @Test
  void anEmptyHistogramHasNoQuantiles() {
    assertThat(ExponentialHistogram.empty(3).quantile(0.99)).isEmpty();
    assertThat(new ExponentialHistogram(3, 0, 5, new long[] {0, 0}).quantile(0.5)).isEmpty();
  }

  @Test
  void minusLeavesOnlyTheValuesRecordedBetweenTwoCumulativeExports() {
    ExponentialHistogram earlier = new ExponentialHistogram(3, 5, -2, new long[] {10, 20});
    ExponentialHistogram later = new ExponentialHistogram(3, 7, -3, new long[] {1, 10, 25, 4});

    ExponentialHistogram delta = later.minus(earlier);

    assertThat(delta.scale()).isEqualTo(3);
    assertThat(delta.zeroCount()).isEqualTo(2);
    assertThat(delta.count(-3)).isEqualTo(1);
    assertThat(delta.count(-2)).isZero();
    assertThat(delta.count(-1)).isEqualTo(5);
    assertThat(delta.count(0)).isEqualTo(4);
    assertThat(delta.totalCount()).isEqualTo(later.totalCount() - earlier.totalCount());
  }

  @Test
  void minusBringsBothExportsToTheCoarserScaleWhenTheExporterDownscaled() {
    ExponentialHistogram earlier = new ExponentialHistogram(3, 0, 0, new long[] {4, 6, 1});
    ExponentialHistogram later = new ExponentialHistogram(2, 0, 0, new long[] {12, 3});

    ExponentialHistogram delta = later.minus(earlier);

    assertThat(delta.scale()).isEqualTo(2);
    assertThat(delta.count(0)).isEqualTo(2); // 12 - (4 + 6)
    assertThat(delta.count(1)).isEqualTo(2); // 3 - 1
  }

  @Test
  void minusRefusesExportsThatAreNotOneCumulativeSeries() {
    ExponentialHistogram earlier = new ExponentialHistogram(3, 0, 0, new long[] {10});
    ExponentialHistogram later = new ExponentialHistogram(3, 0, 0, new long[] {3});

    assertThatThrownBy(() -> later.minus(earlier))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bucket 0 fell from 10 to 3");
  }

  @Test
  void minusWorksWithinTheLaterExportsRangeHoweverFarApartTheTwoExportsAre() {
    // A dense array spanning both exports would need 2^32 buckets (its size overflows an int);
    // the difference of one cumulative series never leaves the later export's range.
    ExponentialHistogram earlier =
        new ExponentialHistogram(20, 0, Integer.MIN_VALUE, new long[] {1});
    ExponentialHistogram later =
        new ExponentialHistogram(20, 0, Integer.MAX_VALUE - 1, new long[] {5});
    ExponentialHistogram emptyBucketFarBelow =
        new ExponentialHistogram(20, 0, Integer.MIN_VALUE, new long[] {0, 0});

    assertThatThrownBy(() -> later.minus(earlier))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bucket " + Integer.MIN_VALUE + " fell from 1 to 0");
    assertThat(later.minus(emptyBucketFarBelow)).isEqualTo(later);
  }

  @Test
  void refusesBucketsThatRunPastTheLargestIndex() {
    assertThatThrownBy(
            () -> new ExponentialHistogram(20, 0, Integer.MAX_VALUE - 1, new long[] {1, 1, 1}))
        .hasMessageContaining("run past the largest index");
  }

  @Test
  void downscaleMergesBucketsIntoTheCoarserBucketThatContainsThem() {
    // Scale 3 buckets -2..1 are (2^(-2/8), 2^(-1/8)], ..., (2^(1/8), 2^(2/8)].
    ExponentialHistogram h = new ExponentialHistogram(3, 1, -2, new long[] {1, 2, 3, 4});

    ExponentialHistogram coarse = h.downscale(2);

    assertThat(coarse.count(-1)).isEqualTo(3); // (2^(-1/4), 1] holds scale-3 buckets -2 and -1
    assertThat(coarse.count(0)).isEqualTo(7); // (1, 2^(1/4)] holds scale-3 buckets 0 and 1
    assertThat(coarse.zeroCount()).isEqualTo(1);
  }

  @Test
  void rejectsValuesOutsideTheDataModel() {
    assertThatThrownBy(() -> new ExponentialHistogram(21, 0, 0, new long[0]))
        .hasMessageContaining("scale 21");
    assertThatThrownBy(() -> new ExponentialHistogram(3, 0, 4, new long[] {1, -1}))
        .hasMessageContaining("bucket 5 is negative");
    assertThatThrownBy(() -> ExponentialHistogram.empty(3).quantile(1.5))
        .hasMessageContaining("quantile 1.5");
    assertThatThrownBy(() -> ExponentialHistogram.empty(2).downscale(3))
        .hasMessageContaining("cannot refine");
  }

  @Test
  void keepsItsOwnCopyOfTheCounts() {
    long[] counts = {1, 2};
    ExponentialHistogram h = new ExponentialHistogram(3, 0, 0, counts);
    counts[0] = 100;

    assertThat(h.count(0)).isEqualTo(1);
  }

  /** Buckets values the way the OpenTelemetry SDK does: index = ceil(log2(v) * 2^scale) - 1. */
  private static ExponentialHistogram histogramOf(int scale, double... values) {
    int min = Integer.MAX_VALUE;
    int max = Integer.MIN_VALUE;
    int[] indexes = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      indexes[i] = (int) Math.ceil(Math.scalb(Math.log(values[i]) / Math.log(2), scale)) - 1;
      min = Math.min(min, indexes[i]);
      max = Math.max(max, indexes[i]);
    }
    long[] counts = new long[max - min + 1];
    for (int index : indexes) {
      counts[index - min]++;
    }
    return new ExponentialHistogram(scale, 0, min, counts);
  }
}
