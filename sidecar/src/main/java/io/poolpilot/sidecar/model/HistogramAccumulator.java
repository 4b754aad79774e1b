package io.poolpilot.sidecar.model;

import io.poolpilot.protocol.histogram.ExponentialHistogram;
import io.poolpilot.sidecar.model.HistogramPoint.IndexRange;
import io.poolpilot.tuning.telemetry.CumulativeHistogram;
import io.poolpilot.tuning.telemetry.HistogramTotal;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps one pool histogram in the form the agent exports it, whatever the sender's temporality: a
 * cumulative point is taken as it is; delta points are added up bucket by bucket from the first
 * delta point the sidecar received (see {@link CountAccumulator}).
 *
 * <p>Bounded work: the interval between two totals of one series is their difference ({@link
 * CumulativeHistogram#since}), which allocates one counter per bucket from the lowest to the
 * highest of either, and the model and the decision loops take it between any two totals of a
 * series, not only neighbours. So a series continues only while every point it holds fits one range
 * of at most {@link HistogramPoint#MAX_BUCKETS} buckets at the series' coarsest scale, and, when
 * cumulative, never refines its scale (an exporter only ever coarsens it) nor changes its start
 * time; delta totals also stay within {@link HistogramPoint#MAX_COUNT} values. A point that would
 * break one of these (a bucket offset that jumps, as no honest exporter's does) starts a new series
 * instead, as a restarted exporter would: that interval counts the new point's values alone.
 *
 * <p>The start the totals carry is therefore a series number, unique in the sidecar, not a time: it
 * only tells {@link CumulativeHistogram#since} whether two totals belong to one series.
 *
 * <p>The total is kept in place ({@link HistogramTotal}), as it lives one export interval.
 *
 * <p>Not thread-safe: {@link PoolModel} holds one per histogram per pool under its lock.
 */
final class HistogramAccumulator {

  private static final AtomicLong SERIES = new AtomicLong();

  private Temporality temporality;
  private long senderStart;
  private Optional<IndexRange> buckets = Optional.empty();
  private final HistogramTotal total = new HistogramTotal();

  /** Applies the point of a report newer than every one applied before. */
  void accept(HistogramPoint point) {
    ExponentialHistogram histogram = point.histogram();
    Optional<IndexRange> range = IndexRange.of(histogram);
    Optional<IndexRange> union = IndexRange.union(buckets, range);
    if (continues(point, range, union)) {
      total.set(
          total.startUnixNano(),
          point.temporality() == Temporality.CUMULATIVE
              ? histogram
              : total.histogram().plus(histogram));
      // Kept only when it changed: an unchanged range stays the object of an earlier export, so the
      // new one dies young (see HistogramTotal on what outliving an export costs).
      buckets = union.equals(buckets) ? buckets : union;
    } else {
      total.set(SERIES.incrementAndGet(), histogram);
      buckets = range;
    }
    temporality = point.temporality();
    senderStart = point.startTimeUnixNano();
  }

  /**
   * Applies the point of a report older than the latest one applied: a delta point's values are
   * added, a cumulative one is stale ({@link CountAccumulator#acceptOverdue} says why). A delta
   * point that cannot continue the series starts a new one, as {@link #accept} does: the next
   * interval then counts it with the points after it.
   */
  void acceptOverdue(HistogramPoint point) {
    if (point.temporality() == Temporality.DELTA && temporality != Temporality.CUMULATIVE) {
      accept(point);
    }
  }

  private boolean continues(
      HistogramPoint point, Optional<IndexRange> range, Optional<IndexRange> union) {
    if (point.temporality() != temporality
        || union.map(IndexRange::buckets).orElse(0L) > HistogramPoint.MAX_BUCKETS) {
      return false;
    }
    if (point.temporality() == Temporality.DELTA) {
      return total.totalCount() + point.histogram().totalCount() <= HistogramPoint.MAX_COUNT;
    }
    boolean refines =
        range.isPresent() && buckets.isPresent() && range.get().scale() > buckets.get().scale();
    return point.startTimeUnixNano() == senderStart && !refines;
  }

  /** A copy of the values so far, {@link CumulativeHistogram#NONE} before the first point. */
  CumulativeHistogram total() {
    return total.cumulative();
  }

  /** The values so far, kept in place: to be copied, not kept. */
  HistogramTotal current() {
    return total;
  }
}
