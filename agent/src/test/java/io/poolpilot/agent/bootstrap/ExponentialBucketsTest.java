package io.poolpilot.agent.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.data.ExponentialHistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExponentialBucketsTest {
  private static final int LAST_INDEX =
      ExponentialBuckets.MIN_INDEX + ExponentialBuckets.BUCKET_COUNT - 1;

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
    assertThat(ExponentialBuckets.lowerBoundSeconds(ExponentialBuckets.MIN_INDEX))
        .isEqualTo(Math.scalb(1.0, -30));
    assertThat(ExponentialBuckets.lowerBoundSeconds(LAST_INDEX + 1)).isEqualTo(4096.0);
  }

  @Test
  void exactPowerOfTwoIsTheUpperBoundOfTheBucketBelowIt() {
    for (int exponent = -29; exponent <= 12; exponent++) {
      double seconds = Math.scalb(1.0, exponent);
      assertThat(ExponentialBuckets.otelIndexOf(seconds))
          .as("2^%d s", exponent)
          .isEqualTo(exponent * 8 - 1);
    }
  }

  @Test
  void oneNanosecondLandsInTheFirstBucket() {
    assertThat(ExponentialBuckets.otelIndexOf(1e-9))
        .isEqualTo(referenceIndex(1e-9))
        .isEqualTo(-240);
    assertThat(ExponentialBuckets.slotOf(1)).isZero();
  }

  @Test
  void fiftyMillisecondsLandsInBucketMinusThirtyFive() {
    // log2(0.05) * 8 = -34.58: the bucket (2^(-35/8), 2^(-34/8)] = (0.0481, 0.0526] s.
    assertThat(ExponentialBuckets.otelIndexOf(0.05)).isEqualTo(-35);
    assertThat(ExponentialBuckets.slotOf(50_000_000L))
        .isEqualTo(-35 - ExponentialBuckets.MIN_INDEX);
  }

  @Test
  void fourHundredFiftyMillisecondsLandsInBucketMinusTen() {
    // log2(0.45) * 8 = -9.22: the bucket (2^(-10/8), 2^(-9/8)] = (0.4204, 0.4585] s.
    assertThat(ExponentialBuckets.otelIndexOf(0.45)).isEqualTo(-10);
    assertThat(ExponentialBuckets.slotOf(450_000_000L))
        .isEqualTo(-10 - ExponentialBuckets.MIN_INDEX);
  }

  @Test
  void nanosecondDurationsThatArePowersOfTwoSecondsStayOnTheirBoundary() {
    // 2^-9 s (1,953,125 ns) up to 2^12 s are whole nanoseconds; the conversion must not nudge
    // them into the bucket above.
    for (int exponent = -9; exponent <= 11; exponent++) {
      long nanos = exponent >= 0 ? 1_000_000_000L << exponent : 1_000_000_000L >> -exponent;
      assertThat(ExponentialBuckets.slotOf(nanos))
          .as("%d ns = 2^%d s", nanos, exponent)
          .isEqualTo(exponent * 8 - 1 - ExponentialBuckets.MIN_INDEX);
    }
  }

  @Test
  void valuesAboveTwoToTheTwelveSecondsAreClampedIntoTheLastBucket() {
    assertThat(ExponentialBuckets.otelIndexOf(4096.0)).isEqualTo(LAST_INDEX);
    assertThat(ExponentialBuckets.otelIndexOf(Math.nextUp(4096.0))).isEqualTo(LAST_INDEX);
    assertThat(ExponentialBuckets.otelIndexOf(8192.0)).isEqualTo(LAST_INDEX);
    assertThat(ExponentialBuckets.otelIndexOf(1e9)).isEqualTo(LAST_INDEX);
    assertThat(ExponentialBuckets.otelIndexOf(Double.MAX_VALUE)).isEqualTo(LAST_INDEX);
    assertThat(ExponentialBuckets.slotOf(Long.MAX_VALUE))
        .isEqualTo(ExponentialBuckets.BUCKET_COUNT - 1);
  }

  @Test
  void valuesBelowTwoToTheMinusThirtySecondsAreClampedIntoTheFirstBucket() {
    assertThat(ExponentialBuckets.otelIndexOf(Math.scalb(1.0, -30)))
        .isEqualTo(ExponentialBuckets.MIN_INDEX);
    assertThat(ExponentialBuckets.otelIndexOf(Math.scalb(1.0, -40)))
        .isEqualTo(ExponentialBuckets.MIN_INDEX);
    assertThat(ExponentialBuckets.otelIndexOf(Double.MIN_VALUE))
        .isEqualTo(ExponentialBuckets.MIN_INDEX);
  }

  @Test
  void everySlotOfAPositiveDurationIsInsideTheArray() {
    long[] samples = {1, 2, 999, 1_000, 123_456_789, 1L << 40, 1L << 50, Long.MAX_VALUE};
    for (long nanos : samples) {
      assertThat(ExponentialBuckets.slotOf(nanos))
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
      assertThat(ExponentialBuckets.otelIndexOf(seconds))
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
      int index = ExponentialBuckets.otelIndexOf(seconds);
      assertThat(seconds)
          .as("bucket %d", index)
          .isGreaterThan(ExponentialBuckets.lowerBoundSeconds(index))
          .isLessThanOrEqualTo(ExponentialBuckets.lowerBoundSeconds(index + 1));
    }
  }

  @Test
  void aValueJustAboveABucketsLowerBoundStartsThatBucket() {
    for (int index = ExponentialBuckets.MIN_INDEX + 1; index <= LAST_INDEX; index++) {
      double justAbove = Math.nextUp(ExponentialBuckets.lowerBoundSeconds(index));
      assertThat(ExponentialBuckets.otelIndexOf(justAbove)).as("bucket %d", index).isEqualTo(index);
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
      assertThat(ExponentialBuckets.slotOf(nanos) + ExponentialBuckets.MIN_INDEX)
          .as("%d ns", nanos)
          .isEqualTo(Math.min(LAST_INDEX, referenceIndex(seconds)));
    }
  }

  @Test
  void indexMatchesTheOpenTelemetrySdksOwnExponentialHistogram() {
    List<Double> values = new ArrayList<>();
    for (int exponent = -29; exponent <= 11; exponent++) {
      values.add(Math.scalb(1.3, exponent));
      values.add(Math.scalb(1.7, exponent));
    }
    values.addAll(List.of(1e-9, 2e-6, 0.05, 0.45, 1.0, 20.0, 3600.0));
    Random random = new Random(11);
    for (int i = 0; i < 500; i++) {
      values.add(Math.pow(2, -29.99 + random.nextDouble() * 41.98));
    }

    Map<Integer, Integer> sdkIndex = sdkIndexes(values);

    int compared = 0;
    for (int i = 0; i < values.size(); i++) {
      double seconds = values.get(i);
      // At positive scales the SDK maps by logarithm alone, which it documents as possibly
      // inaccurate near bucket boundaries (it puts 2^-28 and the double just above 2^-29 one bucket
      // off); the exact boundaries are checked against the definition above instead.
      if (nearBoundary(seconds)) {
        continue;
      }
      assertThat(ExponentialBuckets.otelIndexOf(seconds))
          .as("%s s", seconds)
          .isEqualTo(sdkIndex.get(i));
      compared++;
    }
    assertThat(compared).isGreaterThan(450);
  }

  /** Records each value alone into the SDK's base-2 histogram at scale 3 and reads its offset. */
  private static Map<Integer, Integer> sdkIndexes(List<Double> values) {
    AttributeKey<Long> key = AttributeKey.longKey("i");
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    try (SdkMeterProvider provider =
        SdkMeterProvider.builder()
            .registerMetricReader(reader)
            .registerView(
                InstrumentSelector.builder().setName("h").build(),
                View.builder()
                    .setAggregation(Aggregation.base2ExponentialBucketHistogram(160, 3))
                    .setCardinalityLimit(values.size() + 10)
                    .build())
            .build()) {
      DoubleHistogram histogram = provider.get("test").histogramBuilder("h").build();
      for (int i = 0; i < values.size(); i++) {
        histogram.record(values.get(i), Attributes.of(key, (long) i));
      }
      Map<Integer, Integer> indexes = new HashMap<>();
      for (MetricData metric : reader.collectAllMetrics()) {
        for (ExponentialHistogramPointData point :
            metric.getExponentialHistogramData().getPoints()) {
          assertThat(point.getScale()).isEqualTo(3);
          assertThat(point.getPositiveBuckets().getBucketCounts()).containsExactly(1L);
          indexes.put(
              point.getAttributes().get(key).intValue(), point.getPositiveBuckets().getOffset());
        }
      }
      assertThat(indexes).hasSize(values.size());
      return indexes;
    }
  }
}
