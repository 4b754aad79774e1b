package io.poolpilot.tuning.telemetry;

import io.poolpilot.protocol.histogram.ExponentialBuckets;
import io.poolpilot.protocol.histogram.ExponentialHistogram;
import java.util.Arrays;

/**
 * A {@link CumulativeHistogram} kept in place: one per pool histogram, overwritten on each export
 * rather than replaced.
 *
 * <p>Why: a pool's cumulative histogram lives exactly one export interval (a second). Allocated
 * anew each time, it outlived a young collection or two at hundreds of instances and was promoted,
 * only to die in the old generation, so the serial collector's full collections came every few
 * seconds. Kept here, the bucket array is reused and grows only when a wider histogram arrives.
 *
 * <p>The difference between two totals ({@link #since}) is the same as {@link
 * CumulativeHistogram#since}: it is computed by it, on short-lived copies.
 *
 * <p>Not thread-safe: its owner guards it.
 */
public final class HistogramTotal {

  private long startUnixNano;
  private int scale = ExponentialBuckets.SCALE;
  private long zeroCount;
  private int offset;
  private long[] counts = new long[0];
  private int buckets;

  /** Holds {@code histogram}'s values, counted since {@code startUnixNano}. */
  public void set(long startUnixNano, ExponentialHistogram histogram) {
    this.startUnixNano = startUnixNano;
    scale = histogram.scale();
    zeroCount = histogram.zeroCount();
    offset = histogram.offset();
    buckets = histogram.bucketCount();
    if (counts.length < buckets) {
      counts = new long[buckets];
    }
    for (int k = 0; k < buckets; k++) {
      counts[k] = histogram.count(offset + k);
    }
  }

  /** Holds {@code total}'s values. */
  public void set(CumulativeHistogram total) {
    set(total.startUnixNano(), total.histogram());
  }

  /** Holds the same values as {@code other}. */
  public void copyFrom(HistogramTotal other) {
    startUnixNano = other.startUnixNano;
    scale = other.scale;
    zeroCount = other.zeroCount;
    offset = other.offset;
    buckets = other.buckets;
    if (counts.length < buckets) {
      counts = new long[buckets];
    }
    System.arraycopy(other.counts, 0, counts, 0, buckets);
  }

  /** When the series began, as {@link CumulativeHistogram#startUnixNano}. */
  public long startUnixNano() {
    return startUnixNano;
  }

  /** Every value held: the zero bucket plus all positive buckets. */
  public long totalCount() {
    long total = zeroCount;
    for (int k = 0; k < buckets; k++) {
      total += counts[k];
    }
    return total;
  }

  /** A copy of the values held, which later changes to this total do not touch. */
  public ExponentialHistogram histogram() {
    return new ExponentialHistogram(scale, zeroCount, offset, Arrays.copyOf(counts, buckets));
  }

  /** A copy of the total as the immutable value. */
  public CumulativeHistogram cumulative() {
    return new CumulativeHistogram(startUnixNano, histogram());
  }

  /**
   * The values recorded after {@code earlier}: the difference, or all of this if it restarted; the
   * same as {@link CumulativeHistogram#since} on the two {@link #cumulative()} copies.
   *
   * <p>Subtracted from the arrays in place when both totals have one scale, as they do from one
   * exporter: at a thousand agents this runs 80,000 times a second, and the copies made on the way
   * to {@link CumulativeHistogram#since} were a quarter of the sidecar's garbage per export. Totals
   * at two scales (an exporter that changed its scale) take that way still.
   */
  public ExponentialHistogram since(HistogramTotal earlier) {
    if (startUnixNano != earlier.startUnixNano) {
      return histogram();
    }
    if (scale != earlier.scale) {
      return cumulative().since(earlier.cumulative());
    }
    long zero = zeroCount - earlier.zeroCount;
    if (zero < 0) {
      return histogram();
    }
    for (int k = 0; k < earlier.buckets; k++) {
      if (earlier.counts[k] > count(earlier.offset + k)) {
        return histogram();
      }
    }
    long[] delta = new long[buckets];
    for (int k = 0; k < buckets; k++) {
      delta[k] = counts[k] - earlier.count(offset + k);
    }
    return ExponentialHistogram.trimmed(scale, zero, offset, delta);
  }

  /** The count of bucket {@code index}, 0 outside the buckets held. */
  private long count(int index) {
    long k = (long) index - offset;
    return k >= 0 && k < buckets ? counts[(int) k] : 0;
  }
}
