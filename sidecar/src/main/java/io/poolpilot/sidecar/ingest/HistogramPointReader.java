package io.poolpilot.sidecar.ingest;

import io.poolpilot.protocol.histogram.ExponentialHistogram;
import io.poolpilot.sidecar.model.HistogramPoint;
import io.poolpilot.sidecar.model.Temporality;

/**
 * Reads the exponential-histogram points of one export into {@link HistogramPoint}s, and keeps what
 * they make the sidecar allocate bounded, whoever sent them.
 *
 * <p>A point is checked against {@link HistogramPoint}'s bounds (scale, bucket range, bucket count,
 * value count) before anything is allocated for it. Its {@code sum}, {@code min}, {@code max} and
 * negative buckets are not read (PoolPilot reads durations from the buckets), so whatever they
 * hold, NaN included, never reaches the model.
 *
 * <p>Each bucket read, and each bucket of the sums of points of one pool, is spent from the
 * export's budget of {@link #MAX_EXPORT_BUCKETS}: points of one pool that lie far apart sum to
 * {@link HistogramPoint#MAX_BUCKETS} buckets from a few bytes each, so without a budget a 20 MiB
 * body could ask for gigabytes.
 *
 * <p>One reader per export; not thread-safe.
 */
final class HistogramPointReader {

  /**
   * The most buckets one export's pool histograms may hold in all: 2<sup>20</sup>, 8 MiB of
   * counters. The agent exports two histograms of at most 336 buckets per pool, so this holds some
   * 1,500 pools in one export, three times the pools the model tracks.
   */
  static final long MAX_EXPORT_BUCKETS = 1L << 20;

  private long budget = MAX_EXPORT_BUCKETS;

  /**
   * The point as the model takes it.
   *
   * @throws IllegalArgumentException saying what was wrong, if the point passes a bound; then
   *     nothing was allocated for it
   */
  HistogramPoint read(MetricsView.HistogramPointData point, Temporality temporality) {
    int buckets = point.bucketCount();
    HistogramPoint.shapeProblem(point.scale(), point.offset(), buckets)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(problem);
            });
    spend(buckets);
    long[] counts = new long[buckets];
    point.copyBuckets(counts);
    for (long count : counts) {
      countable(count);
    }
    return new HistogramPoint(
        temporality,
        point.startTimeUnixNano(),
        point.timeUnixNano(),
        new ExponentialHistogram(
            point.scale(), countable(point.zeroCount()), point.offset(), counts));
  }

  /**
   * {@code sum.plus(point)}, paid for from the export's budget.
   *
   * @throws IllegalArgumentException if the temporalities differ, the sum passes a bound of {@link
   *     HistogramPoint} or the budget is spent
   */
  HistogramPoint add(HistogramPoint sum, HistogramPoint point) {
    long span = sum.spanWith(point);
    if (span <= HistogramPoint.MAX_BUCKETS) {
      spend(span);
    }
    // A wider sum is refused by plus itself, before it allocates.
    return sum.plus(point);
  }

  private void spend(long buckets) {
    if (buckets > budget) {
      throw new IllegalArgumentException(
          "the export's pool histograms hold more than " + MAX_EXPORT_BUCKETS + " buckets in all");
    }
    budget -= buckets;
  }

  /** An OTLP {@code fixed64}/{@code uint64} count, refused if more than a point may hold. */
  private static long countable(long count) {
    if (count < 0 || count > HistogramPoint.MAX_COUNT) {
      throw new IllegalArgumentException(
          "a bucket counts " + Long.toUnsignedString(count) + " values, expected at most 2^53");
    }
    return count;
  }
}
