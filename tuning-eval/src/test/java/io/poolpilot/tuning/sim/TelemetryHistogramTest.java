package io.poolpilot.tuning.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TelemetryHistogramTest {

  @Test
  void quantilesAreWithinOneBucketOfTheTruth() {
    TelemetryHistogram histogram = new TelemetryHistogram();
    for (int i = 1; i <= 1000; i++) {
      histogram.record(i / 1000.0);
    }

    assertThat(histogram.quantile(0.5)).isCloseTo(0.5, within(0.5 * 0.09));
    assertThat(histogram.quantile(0.99)).isCloseTo(0.99, within(0.99 * 0.09));
  }

  @Test
  void waitsOfZeroGiveAZeroQuantile() {
    TelemetryHistogram histogram = new TelemetryHistogram();
    for (int i = 0; i < 100; i++) {
      histogram.record(0);
    }
    histogram.record(0.2);

    assertThat(histogram.quantile(0.99)).isZero();
    assertThat(histogram.quantile(1.0)).isCloseTo(0.2, within(0.02));
  }
}
