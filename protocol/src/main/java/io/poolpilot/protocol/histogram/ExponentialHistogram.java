package io.poolpilot.protocol.histogram;

import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * The positive half and zero bucket of an OpenTelemetry base-2 exponential histogram, as an
 * immutable value, with the arithmetic PoolPilot needs: the difference between two cumulative
 * exports, the sum of two histograms, and quantiles.
 *
 * <p>At scale {@code s} the base is {@code b = 2^(2^-s)} and bucket index {@code i} holds the
 * values in {@code (b^i, b^(i+1)]}; PoolPilot records at scale 3 ({@link ExponentialBuckets}), so a
 * bucket spans a factor of {@code 2^(1/8) ≈ 1.09}. {@code counts[k]} is the count of index {@code
 * offset + k}. The zero bucket holds the values no larger than the recorder's zero threshold.
 *
 * <p>Quantile {@code q} of {@code n} values: the rank {@code r = q·n} falls in the first bucket
 * whose cumulative count reaches {@code r}; inside that bucket the estimate interpolates
 * geometrically, {@code b^(i + f)} with {@code f = (r - countBelow) / count}, so its relative error
 * is under one bucket's width (9% at scale 3) whatever the magnitude. A rank in the zero bucket
 * estimates 0. Negative buckets are not kept: PoolPilot only records durations.
 *
 * <p>Exporters lower the scale when the observed range outgrows their bucket budget, so two exports
 * of one histogram may differ in scale; {@link #minus} and {@link #plus} bring both to the coarser
 * one first, which is exact because each coarser bucket is the union of {@code 2^Δ} finer ones.
 */
public final class ExponentialHistogram {

  /** The scales the OpenTelemetry data model allows. */
  public static final int MIN_SCALE = -10;

  public static final int MAX_SCALE = 20;

  private static final long[] NONE = new long[0];

  private final int scale;
  private final long zeroCount;
  private final int offset;
  private final long[] counts;

  /**
   * @throws IllegalArgumentException if the scale is outside [-10, 20], a count is negative, or the
   *     buckets run past index {@link Integer#MAX_VALUE}
   */
  public ExponentialHistogram(int scale, long zeroCount, int offset, long[] counts) {
    this(scale, zeroCount, offset, counts.clone(), true);
  }

  private ExponentialHistogram(
      int scale, long zeroCount, int offset, long[] counts, boolean check) {
    if (scale < MIN_SCALE || scale > MAX_SCALE) {
      throw new IllegalArgumentException(
          "scale " + scale + " outside [" + MIN_SCALE + ", " + MAX_SCALE + "]");
    }
    if (zeroCount < 0) {
      throw new IllegalArgumentException("zero count " + zeroCount + " is negative");
    }
    if ((long) offset + counts.length - 1 > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          counts.length + " buckets from index " + offset + " run past the largest index");
    }
    if (check) {
      for (int k = 0; k < counts.length; k++) {
        if (counts[k] < 0) {
          throw new IllegalArgumentException(
              "count " + counts[k] + " of bucket " + (offset + k) + " is negative");
        }
      }
    }
    this.scale = scale;
    this.zeroCount = zeroCount;
    this.offset = offset;
    this.counts = counts;
  }

  /** A histogram with no values, at the given scale. */
  public static ExponentialHistogram empty(int scale) {
    return new ExponentialHistogram(scale, 0, 0, NONE, false);
  }

  /**
   * A histogram from a dense array of counts, such as a recorder's fixed range, without the empty
   * buckets at either end.
   *
   * @param firstIndex the bucket index of {@code counts[0]}
   */
  public static ExponentialHistogram trimmed(
      int scale, long zeroCount, int firstIndex, long[] counts) {
    int first = 0;
    while (first < counts.length && counts[first] == 0) {
      first++;
    }
    int last = counts.length - 1;
    while (last >= first && counts[last] == 0) {
      last--;
    }
    long[] kept = first > last ? NONE : Arrays.copyOfRange(counts, first, last + 1);
    return new ExponentialHistogram(
        scale, zeroCount, first > last ? 0 : firstIndex + first, kept, true);
  }

  public int scale() {
    return scale;
  }

  public long zeroCount() {
    return zeroCount;
  }

  /** Index of the first stored bucket. */
  public int offset() {
    return offset;
  }

  /** How many buckets are stored, from {@link #offset()} on. */
  public int bucketCount() {
    return counts.length;
  }

  /** The count of bucket index {@code index}, 0 outside the stored range. */
  public long count(int index) {
    long k = (long) index - offset;
    return k >= 0 && k < counts.length ? counts[(int) k] : 0;
  }

  /** A copy of the stored counts, of indexes {@code offset} to {@code offset + bucketCount - 1}. */
  public long[] counts() {
    return counts.clone();
  }

  /** Every value counted: the zero bucket plus all positive buckets. */
  public long totalCount() {
    long total = zeroCount;
    for (long c : counts) {
      total += c;
    }
    return total;
  }

  /**
   * The same values at a coarser scale: index {@code i} becomes {@code i >> (scale - newScale)}.
   *
   * @throws IllegalArgumentException if {@code newScale} is finer than this histogram's scale
   */
  public ExponentialHistogram downscale(int newScale) {
    if (newScale > scale) {
      throw new IllegalArgumentException(
          "cannot refine scale " + scale + " to " + newScale + ": buckets cannot be split");
    }
    if (newScale == scale) {
      return this;
    }
    if (counts.length == 0) {
      return new ExponentialHistogram(newScale, zeroCount, 0, NONE, false);
    }
    int shift = scale - newScale;
    int first = offset >> shift;
    int last = (offset + counts.length - 1) >> shift;
    long[] merged = new long[last - first + 1];
    for (int k = 0; k < counts.length; k++) {
      merged[((offset + k) >> shift) - first] += counts[k];
    }
    return new ExponentialHistogram(newScale, zeroCount, first, merged, false);
  }

  /**
   * The values recorded between {@code earlier} and this cumulative histogram, at the coarser of
   * the two scales.
   *
   * @throws IllegalArgumentException if some bucket holds fewer values than in {@code earlier},
   *     which means the two are not from one cumulative series (the recorder restarted)
   */
  public ExponentialHistogram minus(ExponentialHistogram earlier) {
    int common = Math.min(scale, earlier.scale);
    ExponentialHistogram later = downscale(common);
    ExponentialHistogram before = earlier.downscale(common);
    long zero = later.zeroCount - before.zeroCount;
    if (zero < 0) {
      throw new IllegalArgumentException(
          "zero bucket fell from " + before.zeroCount + " to " + later.zeroCount);
    }
    // Every bucket of a cumulative series only grows, so the difference lies inside the later
    // export's range: allocate that and no more, whatever stray index the earlier one holds.
    for (int k = 0; k < before.counts.length; k++) {
      int index = before.offset + k;
      if (before.counts[k] > later.count(index)) {
        throw new IllegalArgumentException(
            "bucket " + index + " fell from " + before.counts[k] + " to " + later.count(index));
      }
    }
    int first = later.offset;
    long[] delta = new long[later.counts.length];
    for (int k = 0; k < delta.length; k++) {
      delta[k] = later.counts[k] - before.count(first + k);
    }
    return trimmed(common, zero, first, delta);
  }

  /**
   * The values of both histograms together, at the coarser of the two scales: how delta exports
   * accumulate, and how the intervals of several series or threads merge before a quantile is read.
   */
  public ExponentialHistogram plus(ExponentialHistogram other) {
    int common = Math.min(scale, other.scale);
    ExponentialHistogram a = downscale(common);
    ExponentialHistogram b = other.downscale(common);
    long zero = a.zeroCount + b.zeroCount;
    if (a.counts.length == 0 && b.counts.length == 0) {
      return new ExponentialHistogram(common, zero, 0, NONE, false);
    }
    int first = lowestIndex(a, b);
    int last = highestIndex(a, b);
    long[] sum = new long[last - first + 1];
    for (int index = first; index <= last; index++) {
      sum[index - first] = a.count(index) + b.count(index);
    }
    return new ExponentialHistogram(common, zero, first, sum, false);
  }

  /**
   * The estimated {@code q}-quantile of the recorded values, empty when there are none.
   *
   * @throws IllegalArgumentException if {@code q} is outside [0, 1]
   */
  public OptionalDouble quantile(double q) {
    if (!(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("quantile " + q + " outside [0, 1]");
    }
    long total = totalCount();
    if (total == 0) {
      return OptionalDouble.empty();
    }
    double rank = Math.max(q * total, Double.MIN_VALUE);
    if (rank <= zeroCount) {
      return OptionalDouble.of(0);
    }
    long below = zeroCount;
    for (int k = 0; k < counts.length; k++) {
      if (counts[k] > 0 && below + counts[k] >= rank) {
        double fraction = (rank - below) / counts[k];
        return OptionalDouble.of(ExponentialBuckets.bound(scale, offset + k + fraction));
      }
      below += counts[k];
    }
    // Only floating-point rounding of q * total can get here: the top non-empty bucket's bound.
    return OptionalDouble.of(upperBoundOfHighestBucket());
  }

  /**
   * The estimated mean of the recorded values, each taken at its bucket's geometric midpoint (the
   * error is under half a bucket's width, 4.5% at scale 3); empty when there are none.
   */
  public OptionalDouble mean() {
    long total = totalCount();
    if (total == 0) {
      return OptionalDouble.empty();
    }
    double sum = 0;
    for (int k = 0; k < counts.length; k++) {
      if (counts[k] > 0) {
        sum += counts[k] * ExponentialBuckets.bound(scale, offset + k + 0.5);
      }
    }
    return OptionalDouble.of(sum / total);
  }

  private double upperBoundOfHighestBucket() {
    for (int k = counts.length - 1; k >= 0; k--) {
      if (counts[k] > 0) {
        return ExponentialBuckets.bound(scale, offset + k + 1);
      }
    }
    return 0;
  }

  private static int lowestIndex(ExponentialHistogram a, ExponentialHistogram b) {
    if (a.counts.length == 0) {
      return b.offset;
    }
    return b.counts.length == 0 ? a.offset : Math.min(a.offset, b.offset);
  }

  private static int highestIndex(ExponentialHistogram a, ExponentialHistogram b) {
    int aLast = a.offset + a.counts.length - 1;
    int bLast = b.offset + b.counts.length - 1;
    if (a.counts.length == 0) {
      return bLast;
    }
    return b.counts.length == 0 ? aLast : Math.max(aLast, bLast);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExponentialHistogram other
        && scale == other.scale
        && zeroCount == other.zeroCount
        && offset == other.offset
        && Arrays.equals(counts, other.counts);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * scale + Long.hashCode(zeroCount)) + offset) + Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    return "ExponentialHistogram[scale="
        + scale
        + ", zeroCount="
        + zeroCount
        + ", offset="
        + offset
        + ", counts="
        + Arrays.toString(counts)
        + "]";
  }
}
