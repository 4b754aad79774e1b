package io.poolpilot.protocol.histogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HistogramRecorderTest {

  @Test
  void quantilesAreWithinOneBucketOfTheTruth() {
    HistogramRecorder recorder = new HistogramRecorder();
    for (int i = 1; i <= 1000; i++) {
      recorder.record(i / 1000.0);
    }

    ExponentialHistogram h = recorder.snapshot();
    assertThat(h.totalCount()).isEqualTo(1000);
    assertThat(h.quantile(0.5).getAsDouble()).isCloseTo(0.5, within(0.5 * 0.09));
    assertThat(h.quantile(0.99).getAsDouble()).isCloseTo(0.99, within(0.99 * 0.09));
  }

  @Test
  void zeroNegativeAndNanValuesCountInTheZeroBucket() {
    HistogramRecorder recorder = new HistogramRecorder();
    for (int i = 0; i < 98; i++) {
      recorder.record(0);
    }
    recorder.record(-1);
    recorder.record(Double.NaN);
    recorder.record(0.2);

    ExponentialHistogram h = recorder.snapshot();
    assertThat(h.zeroCount()).isEqualTo(100);
    assertThat(h.quantile(0.99).getAsDouble()).isZero();
    assertThat(h.quantile(1.0).getAsDouble()).isCloseTo(0.2, within(0.02));
  }

  @Test
  void putsEachValueInTheBucketTheAgentUses() {
    Random random = new Random(5);
    for (int i = 0; i < 1000; i++) {
      double seconds = Math.pow(2, -29 + random.nextDouble() * 40);
      HistogramRecorder recorder = new HistogramRecorder();
      recorder.record(seconds);
      ExponentialHistogram h = recorder.snapshot();
      assertThat(h.offset()).as("%s s", seconds).isEqualTo(ExponentialBuckets.indexOf(seconds));
      assertThat(h.counts()).containsExactly(1);
    }
  }

  @Test
  void growsItsRangeDownwardsAndUpwardsKeepingEveryCount() {
    HistogramRecorder recorder = new HistogramRecorder();
    recorder.record(0.010);
    recorder.record(0.001);
    recorder.record(1.0);
    recorder.record(0.010);

    ExponentialHistogram h = recorder.snapshot();
    assertThat(h.offset()).isEqualTo(ExponentialBuckets.indexOf(0.001));
    assertThat(h.count(ExponentialBuckets.indexOf(0.010))).isEqualTo(2);
    assertThat(h.count(ExponentialBuckets.indexOf(1.0))).isEqualTo(1);
    assertThat(h.totalCount()).isEqualTo(4);
  }

  @Test
  void neverHoldsMoreBucketsThanTheFixedRange() {
    HistogramRecorder recorder = new HistogramRecorder();
    recorder.record(Double.MIN_VALUE);
    recorder.record(Double.MAX_VALUE);
    recorder.record(1e-12);
    recorder.record(1e12);

    ExponentialHistogram h = recorder.snapshot();
    assertThat(h.bucketCount()).isEqualTo(ExponentialBuckets.BUCKET_COUNT);
    assertThat(h.count(ExponentialBuckets.MIN_INDEX)).isEqualTo(2);
    assertThat(h.count(ExponentialBuckets.MAX_INDEX)).isEqualTo(2);
  }
}
