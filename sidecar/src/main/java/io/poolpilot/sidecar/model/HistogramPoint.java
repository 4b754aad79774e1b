package io.poolpilot.sidecar.model;

import io.poolpilot.protocol.histogram.ExponentialHistogram;
import java.util.Objects;

/**
 * One exported point of a base-2 exponential histogram. A cumulative point holds every value since
 * {@code startTimeUnixNano}, and a new start time means the series restarted, so the previous point
 * is no baseline for a difference; a delta point holds only the values of its own interval.
 */
public record HistogramPoint(
    Temporality temporality,
    long startTimeUnixNano,
    long timeUnixNano,
    ExponentialHistogram histogram) {

  public HistogramPoint {
    Objects.requireNonNull(temporality, "temporality");
    Objects.requireNonNull(histogram, "histogram");
  }

  public static HistogramPoint cumulative(
      long startTimeUnixNano, long timeUnixNano, ExponentialHistogram histogram) {
    return new HistogramPoint(Temporality.CUMULATIVE, startTimeUnixNano, timeUnixNano, histogram);
  }

  public static HistogramPoint delta(
      long startTimeUnixNano, long timeUnixNano, ExponentialHistogram histogram) {
    return new HistogramPoint(Temporality.DELTA, startTimeUnixNano, timeUnixNano, histogram);
  }

  /**
   * Both points' values as one point: two series of one pool in one export (split by attributes the
   * sidecar does not read) add up bucket by bucket, at the coarser scale.
   *
   * @throws IllegalArgumentException if the temporalities differ
   */
  public HistogramPoint plus(HistogramPoint other) {
    if (other.temporality != temporality) {
      throw new IllegalArgumentException(
          "cannot add a " + other.temporality + " histogram to a " + temporality + " one");
    }
    return new HistogramPoint(
        temporality,
        Math.min(startTimeUnixNano, other.startTimeUnixNano),
        Math.max(timeUnixNano, other.timeUnixNano),
        histogram.plus(other.histogram));
  }
}
