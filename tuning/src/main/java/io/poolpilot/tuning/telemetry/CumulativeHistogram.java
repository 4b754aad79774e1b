package io.poolpilot.tuning.telemetry;

import io.poolpilot.protocol.histogram.ExponentialBuckets;
import io.poolpilot.protocol.histogram.ExponentialHistogram;
import java.util.Objects;

/**
 * A histogram of durations as an exporter keeps it: every value recorded since {@code
 * startUnixNano}. As with {@link CumulativeCount}, another start or a bucket that holds fewer
 * values than before means the series restarted.
 *
 * @param startUnixNano when the series began; 0 when the exporter did not say
 */
public record CumulativeHistogram(long startUnixNano, ExponentialHistogram histogram) {

  /** No values, by a series with no known start. */
  public static final CumulativeHistogram NONE =
      new CumulativeHistogram(0, ExponentialHistogram.empty(ExponentialBuckets.SCALE));

  public CumulativeHistogram {
    Objects.requireNonNull(histogram, "histogram");
  }

  /** The values recorded after {@code earlier}: the difference, or all of this if it restarted. */
  public ExponentialHistogram since(CumulativeHistogram earlier) {
    if (startUnixNano != earlier.startUnixNano) {
      return histogram;
    }
    try {
      return histogram.minus(earlier.histogram);
    } catch (IllegalArgumentException restarted) {
      return histogram;
    }
  }
}
