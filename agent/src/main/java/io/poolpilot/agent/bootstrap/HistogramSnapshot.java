package io.poolpilot.agent.bootstrap;

import io.poolpilot.protocol.histogram.ExponentialBuckets;
import io.poolpilot.protocol.histogram.ExponentialHistogram;

/**
 * A mutable sum of histogram cells, made by the exporting thread for one collection. Counts are
 * cumulative since the pool was first seen, and so are the minimum and maximum: like the
 * OpenTelemetry SDK's cumulative histograms, they cover the point's whole window from its start
 * time, never only the last export interval.
 */
public final class HistogramSnapshot {
  /** {@link #minNanos} before anything was recorded: above every duration. */
  static final long NO_MIN = Long.MAX_VALUE;

  /** {@link #maxNanos} before anything was recorded: below every duration, zero included. */
  static final long NO_MAX = -1;

  /** Slot {@code k} counts bucket index {@link ExponentialBuckets#MIN_INDEX} + k. */
  final long[] counts = new long[ExponentialBuckets.BUCKET_COUNT];

  long zeroCount;

  /**
   * A double, not a long: summed over every worker of a busy pool, nanoseconds of waiting overflow
   * a long in months.
   */
  double sumNanos;

  long minNanos = NO_MIN;
  long maxNanos = NO_MAX;

  /** The counts as the protocol's immutable histogram, without the empty buckets at either end. */
  public ExponentialHistogram histogram() {
    return ExponentialHistogram.trimmed(
        ExponentialBuckets.SCALE, zeroCount, ExponentialBuckets.MIN_INDEX, counts);
  }

  /** The sum of the recorded durations, which the histogram's buckets do not keep. */
  public double sumNanos() {
    return sumNanos;
  }

  /**
   * Whether any duration was recorded, and so {@link #minNanos()} and {@link #maxNanos()} mean
   * something. An empty histogram has no extremes, and an OTLP point of it must say so rather than
   * carry 0.
   */
  public boolean hasMinMax() {
    // The count too, not only the extremes: a reader racing a worker's first record may see its
    // extremes (written first) before its count.
    return maxNanos >= 0 && minNanos <= maxNanos && hasCounts();
  }

  private boolean hasCounts() {
    if (zeroCount > 0) {
      return true;
    }
    for (long count : counts) {
      if (count > 0) {
        return true;
      }
    }
    return false;
  }

  /** The smallest duration recorded, 0 for a zero duration; only when {@link #hasMinMax()}. */
  public long minNanos() {
    return minNanos;
  }

  /** The largest duration recorded; only when {@link #hasMinMax()}. */
  public long maxNanos() {
    return maxNanos;
  }

  /** Adds another snapshot into this one. */
  public void add(HistogramSnapshot other) {
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
    zeroCount += other.zeroCount;
    sumNanos += other.sumNanos;
    minNanos = Math.min(minNanos, other.minNanos);
    maxNanos = Math.max(maxNanos, other.maxNanos);
  }
}
