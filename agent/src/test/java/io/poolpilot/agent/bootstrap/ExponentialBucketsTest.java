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
import io.poolpilot.protocol.histogram.ExponentialBuckets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The protocol's bucket index, which the agent's histogram cells record with, against the
 * OpenTelemetry SDK's own exponential histogram: the buckets the agent exports are the ones any
 * OTLP consumer computes. The index's other properties are tested in the protocol module, which has
 * no SDK to compare with.
 */
class ExponentialBucketsTest {

  /** Whether {@code seconds} is too close to a bucket boundary for a log-based index. */
  private static boolean nearBoundary(double seconds) {
    double scaled = Math.log(seconds) / Math.log(2) * 8;
    return Math.abs(scaled - Math.rint(scaled)) < 1e-9;
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
      // off); the protocol's tests check the exact boundaries against the definition instead.
      if (nearBoundary(seconds)) {
        continue;
      }
      assertThat(ExponentialBuckets.indexOf(seconds))
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
                    .setAggregation(
                        Aggregation.base2ExponentialBucketHistogram(160, ExponentialBuckets.SCALE))
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
          assertThat(point.getScale()).isEqualTo(ExponentialBuckets.SCALE);
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
