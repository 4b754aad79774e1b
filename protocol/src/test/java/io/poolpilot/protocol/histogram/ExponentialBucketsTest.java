package io.poolpilot.protocol.histogram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ExponentialBucketsTest {
  private static final int LAST_INDEX = ExponentialBuckets.MAX_INDEX;

  /** OpenTelemetry's definition at scale 3: bucket i holds (2^(i/8), 2^((i+1)/8)]. */
  private static int referenceIndex(double seconds) {
    return (int) Math.ceil(Math.log(seconds) / Math.log(2) * 8) - 1;
  }

  /** Whether {@code seconds} is too close to a bucket boundary for a log-based reference. */
  private static boolean nearBoundary(double seconds) {
    double scaled = Math.log(seconds) / Math.log(2) * 8;
    return Math.abs(scaled - Math.rint(scaled)) < 1e-9;
  }

  @Test
  void coversTwoToTheMinusThirtyToTwoToTheTwelveSecondsAtScaleThree() {
    assertThat(ExponentialBuckets.SCALE).isEqualTo(3);
    assertThat(ExponentialBuckets.MIN_INDEX).isEqualTo(-240);
    assertThat(ExponentialBuckets.BUCKET_COUNT).isEqualTo(42 * 8);
    assertThat(lowerBound(ExponentialBuckets.MIN_INDEX)).isEqualTo(Math.scalb(1.0, -30));
    assertThat(lowerBound(LAST_INDEX + 1)).isEqualTo(4096.0);
  }

  @Test
  void exactPowerOfTwoIsTheUpperBoundOfTheBucketBelowIt() {
    for (int exponent = -29; exponent <= 12; exponent++) {
      double seconds = Math.scalb(1.0, exponent);
      assertThat(ExponentialBuckets.indexOf(seconds))
          .as("2^%d s", exponent)
          .isEqualTo(exponent * 8 - 1);
    }
  }

  @Test
  void oneNanosecondLandsInTheFirstBucket() {
    assertThat(ExponentialBuckets.indexOf(1e-9)).isEqualTo(referenceIndex(1e-9)).isEqualTo(-240);
    assertThat((ExponentialBuckets.indexOfNanos(1) - ExponentialBuckets.MIN_INDEX)).isZero();
  }

  @Test
  void fiftyMillisecondsLandsInBucketMinusThirtyFive() {
    // log2(0.05) * 8 = -34.58: the bucket (2^(-35/8), 2^(-34/8)] = (0.0481, 0.0526] s.
    assertThat(ExponentialBuckets.indexOf(0.05)).isEqualTo(-35);
    assertThat((ExponentialBuckets.indexOfNanos(50_000_000L) - ExponentialBuckets.MIN_INDEX))
        .isEqualTo(-35 - ExponentialBuckets.MIN_INDEX);
  }

  @Test
  void fourHundredFiftyMillisecondsLandsInBucketMinusTen() {
    // log2(0.45) * 8 = -9.22: the bucket (2^(-10/8), 2^(-9/8)] = (0.4204, 0.4585] s.
    assertThat(ExponentialBuckets.indexOf(0.45)).isEqualTo(-10);
    assertThat((ExponentialBuckets.indexOfNanos(450_000_000L) - ExponentialBuckets.MIN_INDEX))
        .isEqualTo(-10 - ExponentialBuckets.MIN_INDEX);
  }

  @Test
  void nanosecondDurationsThatArePowersOfTwoSecondsStayOnTheirBoundary() {
    // 2^-9 s (1,953,125 ns) up to 2^12 s are whole nanoseconds; the conversion must not nudge
    // them into the bucket above.
    for (int exponent = -9; exponent <= 11; exponent++) {
      long nanos = exponent >= 0 ? 1_000_000_000L << exponent : 1_000_000_000L >> -exponent;
      assertThat((ExponentialBuckets.indexOfNanos(nanos) - ExponentialBuckets.MIN_INDEX))
          .as("%d ns = 2^%d s", nanos, exponent)
          .isEqualTo(exponent * 8 - 1 - ExponentialBuckets.MIN_INDEX);
    }
  }

  @Test
  void valuesAboveTwoToTheTwelveSecondsAreClampedIntoTheLastBucket() {
    assertThat(ExponentialBuckets.indexOf(4096.0)).isEqualTo(LAST_INDEX);
    assertThat(ExponentialBuckets.indexOf(Math.nextUp(4096.0))).isEqualTo(LAST_INDEX);
    assertThat(ExponentialBuckets.indexOf(8192.0)).isEqualTo(LAST_INDEX);
    assertThat(ExponentialBuckets.indexOf(1e9)).isEqualTo(LAST_INDEX);
    assertThat(ExponentialBuckets.indexOf(Double.MAX_VALUE)).isEqualTo(LAST_INDEX);
    assertThat((ExponentialBuckets.indexOfNanos(Long.MAX_VALUE) - ExponentialBuckets.MIN_INDEX))
        .isEqualTo(ExponentialBuckets.BUCKET_COUNT - 1);
  }

  @Test
  void valuesBelowTwoToTheMinusThirtySecondsAreClampedIntoTheFirstBucket() {
    assertThat(ExponentialBuckets.indexOf(Math.scalb(1.0, -30)))
        .isEqualTo(ExponentialBuckets.MIN_INDEX);
    assertThat(ExponentialBuckets.indexOf(Math.scalb(1.0, -40)))
        .isEqualTo(ExponentialBuckets.MIN_INDEX);
    assertThat(ExponentialBuckets.indexOf(Double.MIN_VALUE))
        .isEqualTo(ExponentialBuckets.MIN_INDEX);
  }

  @Test
  void everySlotOfAPositiveDurationIsInsideTheArray() {
    long[] samples = {1, 2, 999, 1_000, 123_456_789, 1L << 40, 1L << 50, Long.MAX_VALUE};
    for (long nanos : samples) {
      assertThat((ExponentialBuckets.indexOfNanos(nanos) - ExponentialBuckets.MIN_INDEX))
          .isBetween(0, ExponentialBuckets.BUCKET_COUNT - 1);
    }
  }

  @Test
  void indexMatchesTheLogarithmReferenceAcrossTheWholeRange() {
    Random random = new Random(42);
    int checked = 0;
    for (int i = 0; i < 20_000; i++) {
      double seconds = Math.pow(2, -29.99 + random.nextDouble() * 41.98);
      if (nearBoundary(seconds)) {
        continue;
      }
      assertThat(ExponentialBuckets.indexOf(seconds))
          .as("%s s", seconds)
          .isEqualTo(referenceIndex(seconds));
      checked++;
    }
    assertThat(checked).isGreaterThan(19_000);
  }

  @Test
  void everyValueLiesWithinTheBoundsOfItsBucket() {
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      double seconds = Math.pow(2, -29.99 + random.nextDouble() * 41.98);
      int index = ExponentialBuckets.indexOf(seconds);
      assertThat(seconds)
          .as("bucket %d", index)
          .isGreaterThan(lowerBound(index))
          .isLessThanOrEqualTo(lowerBound(index + 1));
    }
  }

  @Test
  void aValueJustAboveABucketsLowerBoundStartsThatBucket() {
    for (int index = ExponentialBuckets.MIN_INDEX + 1; index <= LAST_INDEX; index++) {
      double justAbove = Math.nextUp(lowerBound(index));
      assertThat(ExponentialBuckets.indexOf(justAbove)).as("bucket %d", index).isEqualTo(index);
    }
  }

  @Test
  void nanosecondSlotsMatchTheLogarithmReference() {
    Random random = new Random(3);
    for (int i = 0; i < 20_000; i++) {
      long nanos = (long) Math.pow(10, random.nextDouble() * 12.5);
      double seconds = nanos / 1e9;
      if (nanos < 1 || nearBoundary(seconds)) {
        continue;
      }
      assertThat(
              (ExponentialBuckets.indexOfNanos(nanos) - ExponentialBuckets.MIN_INDEX)
                  + ExponentialBuckets.MIN_INDEX)
          .as("%d ns", nanos)
          .isEqualTo(Math.min(LAST_INDEX, referenceIndex(seconds)));
    }
  }

  /** Lower bound (exclusive) of bucket {@code index} at the agent's scale, in seconds. */
  private static double lowerBound(int index) {
    return ExponentialBuckets.bound(ExponentialBuckets.SCALE, index);
  }
}
