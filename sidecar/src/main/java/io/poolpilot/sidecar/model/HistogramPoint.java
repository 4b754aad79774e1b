package io.poolpilot.sidecar.model;

import io.poolpilot.protocol.histogram.ExponentialHistogram;
import java.util.Objects;
import java.util.Optional;

/**
 * One exported point of a base-2 exponential histogram. A cumulative point holds every value since
 * {@code startTimeUnixNano}, and a new start time means the series restarted, so the previous point
 * is no baseline for a difference; a delta point holds only the values of its own interval.
 *
 * <p>Bounded, because the sender is not trusted and the histogram maths allocates one counter per
 * bucket from the lowest to the highest index of the histograms it combines:
 *
 * <ul>
 *   <li>at most {@link #MAX_BUCKETS} buckets, alone and when added to another point: the agent
 *       records within 336 buckets ({@code ExponentialBuckets.BUCKET_COUNT}) and the OpenTelemetry
 *       SDKs keep at most 160 by default, so 4096 is generous for any honest sender and still only
 *       32 KB of counters;
 *   <li>buckets whose values lie within 2<sup>{@value #MIN_EXPONENT}</sup> s to 2<sup>{@value
 *       #MAX_EXPONENT}</sup> s (about 5·10<sup>-20</sup> s to 6·10<sup>11</sup> years): no duration
 *       lies outside (a smaller one belongs in the zero bucket), and within it every bound,
 *       quantile and mean the model derives stays finite. Scales coarser than -6 have buckets wider
 *       than that range, so their points can only carry a zero count;
 *   <li>at most {@link #MAX_COUNT} values (2<sup>53</sup>, the largest count a double holds
 *       exactly), so no total the model adds up can overflow.
 * </ul>
 */
public record HistogramPoint(
    Temporality temporality,
    long startTimeUnixNano,
    long timeUnixNano,
    ExponentialHistogram histogram) {

  /** The most buckets one point, or the sum of two, may span. */
  public static final int MAX_BUCKETS = 4096;

  /** The most values one point, or the sum of two, may count. */
  public static final long MAX_COUNT = 1L << 53;

  /** Bucket values lie above {@code 2^MIN_EXPONENT} seconds. */
  public static final int MIN_EXPONENT = -64;

  /** Bucket values lie at or below {@code 2^MAX_EXPONENT} seconds. */
  public static final int MAX_EXPONENT = 64;

  /**
   * @throws IllegalArgumentException if the histogram passes a bound of this class
   */
  public HistogramPoint {
    Objects.requireNonNull(temporality, "temporality");
    Objects.requireNonNull(histogram, "histogram");
    shapeProblem(histogram.scale(), histogram.offset(), histogram.bucketCount())
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(problem);
            });
    long total = histogram.zeroCount();
    for (int k = 0; k < histogram.bucketCount() && total <= MAX_COUNT; k++) {
      long count = histogram.count(histogram.offset() + k);
      total = count > MAX_COUNT - total ? MAX_COUNT + 1 : total + count;
    }
    if (total > MAX_COUNT) {
      throw new IllegalArgumentException(tooManyValues());
    }
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
   * What keeps {@code buckets} buckets from index {@code offset} at {@code scale} out of a point,
   * empty if nothing does. Needs no histogram, so a reader can refuse a point before it allocates
   * anything for it.
   */
  public static Optional<String> shapeProblem(int scale, int offset, int buckets) {
    if (scale < ExponentialHistogram.MIN_SCALE || scale > ExponentialHistogram.MAX_SCALE) {
      return Optional.of(
          "scale "
              + scale
              + " outside ["
              + ExponentialHistogram.MIN_SCALE
              + ", "
              + ExponentialHistogram.MAX_SCALE
              + "]");
    }
    if (buckets > MAX_BUCKETS) {
      return Optional.of(buckets + " buckets, expected at most " + MAX_BUCKETS);
    }
    if (buckets > 0
        && (Math.scalb((double) offset, -scale) < MIN_EXPONENT
            || Math.scalb((double) offset + buckets, -scale) > MAX_EXPONENT)) {
      return Optional.of(
          "buckets "
              + offset
              + " to "
              + ((long) offset + buckets - 1)
              + " at scale "
              + scale
              + " hold values outside 2^"
              + MIN_EXPONENT
              + " to 2^"
              + MAX_EXPONENT
              + " s");
    }
    return Optional.empty();
  }

  /**
   * How many buckets {@link #plus} would allocate: from the lowest to the highest bucket of either
   * point, at the coarser scale. Allocates nothing.
   */
  public long spanWith(HistogramPoint other) {
    return IndexRange.union(IndexRange.of(histogram), IndexRange.of(other.histogram))
        .map(IndexRange::buckets)
        .orElse(0L);
  }

  /**
   * Both points' values as one point: two series of one pool in one export (split by attributes the
   * sidecar does not read) add up bucket by bucket, at the coarser scale.
   *
   * @throws IllegalArgumentException if the temporalities differ, or if the sum would span more
   *     than {@link #MAX_BUCKETS} or count more than {@link #MAX_COUNT} (checked before anything is
   *     allocated)
   */
  public HistogramPoint plus(HistogramPoint other) {
    if (other.temporality != temporality) {
      throw new IllegalArgumentException(
          "cannot add a " + other.temporality + " histogram to a " + temporality + " one");
    }
    long span = spanWith(other);
    if (span > MAX_BUCKETS) {
      throw new IllegalArgumentException(
          "added to the pool's other points it spans "
              + span
              + " buckets, expected at most "
              + MAX_BUCKETS);
    }
    if (histogram.totalCount() + other.histogram.totalCount() > MAX_COUNT) {
      throw new IllegalArgumentException(tooManyValues());
    }
    return new HistogramPoint(
        temporality,
        Math.min(startTimeUnixNano, other.startTimeUnixNano),
        Math.max(timeUnixNano, other.timeUnixNano),
        histogram.plus(other.histogram));
  }

  private static String tooManyValues() {
    return "counts more than 2^53 values";
  }

  /**
   * The stored buckets of a histogram, {@code first} to {@code last} at {@code scale}, in longs so
   * no index arithmetic can overflow. Lowering the scale by {@code d} maps index {@code i} to
   * {@code i >> d}, as the OpenTelemetry data model (and {@link ExponentialHistogram#downscale})
   * does.
   */
  record IndexRange(int scale, long first, long last) {

    /** The range of a histogram's buckets; empty if it stores none. */
    static Optional<IndexRange> of(ExponentialHistogram histogram) {
      return histogram.bucketCount() == 0
          ? Optional.empty()
          : Optional.of(
              new IndexRange(
                  histogram.scale(),
                  histogram.offset(),
                  (long) histogram.offset() + histogram.bucketCount() - 1));
    }

    /** The smallest range holding both, at the coarser scale; empty if both are. */
    static Optional<IndexRange> union(Optional<IndexRange> a, Optional<IndexRange> b) {
      if (a.isEmpty() || b.isEmpty()) {
        return a.isEmpty() ? b : a;
      }
      int common = Math.min(a.get().scale, b.get().scale);
      IndexRange x = a.get().at(common);
      IndexRange y = b.get().at(common);
      return Optional.of(
          new IndexRange(common, Math.min(x.first, y.first), Math.max(x.last, y.last)));
    }

    /** The same buckets at a scale no finer than this one. */
    IndexRange at(int coarser) {
      int shift = scale - coarser;
      return new IndexRange(coarser, first >> shift, last >> shift);
    }

    long buckets() {
      return last - first + 1;
    }
  }
}
