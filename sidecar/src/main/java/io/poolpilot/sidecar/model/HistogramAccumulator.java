package io.poolpilot.sidecar.model;

import io.poolpilot.tuning.telemetry.CumulativeHistogram;

/**
 * Keeps one pool histogram in the form the agent exports it, whatever the sender's temporality: a
 * cumulative point is taken as it is; delta points are added up bucket by bucket from the first
 * delta point the sidecar received (see {@link CountAccumulator}).
 *
 * <p>Not thread-safe: {@link PoolModel} holds one per histogram per pool under its lock.
 */
final class HistogramAccumulator {

  private Temporality temporality;
  private CumulativeHistogram total = CumulativeHistogram.NONE;

  void accept(HistogramPoint point) {
    if (point.temporality() == Temporality.CUMULATIVE) {
      total = new CumulativeHistogram(point.startTimeUnixNano(), point.histogram());
    } else if (temporality == Temporality.DELTA) {
      total =
          new CumulativeHistogram(total.startUnixNano(), total.histogram().plus(point.histogram()));
    } else {
      long since = point.startTimeUnixNano() > 0 ? point.startTimeUnixNano() : point.timeUnixNano();
      total = new CumulativeHistogram(since, point.histogram());
    }
    temporality = point.temporality();
  }

  /** The values so far, {@link CumulativeHistogram#NONE} before the first point. */
  CumulativeHistogram total() {
    return total;
  }
}
