package io.poolpilot.sidecar.model;

/**
 * Turns the successive points of one exponential histogram into the values of each export interval,
 * whatever their temporality: a delta point is its interval; a cumulative point minus the previous
 * one is, as long as the series continued. When there is no usable baseline (the first cumulative
 * point, a new start time, or buckets that shrank, which only a restart explains) the whole
 * cumulative histogram is the interval.
 *
 * <p>Not thread-safe: {@link PoolModel} holds one per pool under its lock.
 */
final class HistogramSeries {

  private HistogramPoint lastCumulative;

  /** The values recorded in the interval {@code point} closes. */
  ExponentialHistogram accept(HistogramPoint point) {
    if (point.temporality() == Temporality.DELTA) {
      lastCumulative = null;
      return point.histogram();
    }
    HistogramPoint previous = lastCumulative;
    lastCumulative = point;
    if (previous == null || previous.startTimeUnixNano() != point.startTimeUnixNano()) {
      return point.histogram();
    }
    try {
      return point.histogram().minus(previous.histogram());
    } catch (IllegalArgumentException seriesRestarted) {
      return point.histogram();
    }
  }
}
