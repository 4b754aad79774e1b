package io.poolpilot.agent.bootstrap;

/**
 * A mutable sum of histogram cells, made by the exporting thread for one collection. Counts are
 * cumulative since the pool was first seen.
 */
public final class HistogramSnapshot {
  final long[] counts = new long[ExponentialBuckets.BUCKET_COUNT];
  long zeroCount;

  /**
   * A double, not a long: summed over every worker of a busy pool, nanoseconds of waiting overflow
   * a long in months.
   */
  double sumNanos;

  /**
   * Count of bucket slot {@code slot} (slot 0 is OpenTelemetry index {@link
   * ExponentialBuckets#MIN_INDEX}).
   */
  public long countAt(int slot) {
    return counts[slot];
  }

  public int slots() {
    return counts.length;
  }

  public long zeroCount() {
    return zeroCount;
  }

  public double sumNanos() {
    return sumNanos;
  }

  /** All recorded values, zeros included. */
  public long totalCount() {
    long total = zeroCount;
    for (long c : counts) {
      total += c;
    }
    return total;
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
