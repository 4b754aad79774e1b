package io.poolpilot.agent.bootstrap;

import io.poolpilot.protocol.histogram.ExponentialBuckets;
import io.poolpilot.protocol.histogram.ExponentialHistogram;

/**
 * A mutable sum of histogram cells, made by the exporting thread for one collection. Counts are
 * cumulative since the pool was first seen.
 */
public final class HistogramSnapshot {
  /** Slot {@code k} counts bucket index {@link ExponentialBuckets#MIN_INDEX} + k. */
  final long[] counts = new long[ExponentialBuckets.BUCKET_COUNT];

  long zeroCount;

  /**
   * A double, not a long: summed over every worker of a busy pool, nanoseconds of waiting overflow
   * a long in months.
   */
  double sumNanos;

  /** The counts as the protocol's immutable histogram, without the empty buckets at either end. */
  public ExponentialHistogram histogram() {
    return ExponentialHistogram.trimmed(
        ExponentialBuckets.SCALE, zeroCount, ExponentialBuckets.MIN_INDEX, counts);
  }

  /** The sum of the recorded durations, which the histogram's buckets do not keep. */
  public double sumNanos() {
    return sumNanos;
  }

  /** Adds another snapshot into this one. */
  public void add(HistogramSnapshot other) {
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
    zeroCount += other.zeroCount;
    sumNanos += other.sumNanos;
  }
}
