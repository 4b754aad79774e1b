package io.poolpilot.agent.it;

import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import java.util.List;
import java.util.OptionalInt;

/**
 * Reads the positive buckets of an OTLP exponential histogram point. Bucket {@code i} (offset plus
 * position) covers {@code (base^i, base^(i+1)]} with {@code base = 2^(2^-scale)}, as the OTLP
 * specification defines.
 */
final class HistogramBuckets {
  private HistogramBuckets() {}

  /** Index of the highest positive bucket with a count, if any. */
  static OptionalInt highestNonEmpty(ExponentialHistogramDataPoint point) {
    List<Long> counts = point.getPositive().getBucketCountsList();
    for (int i = counts.size() - 1; i >= 0; i--) {
      if (counts.get(i) > 0) {
        return OptionalInt.of(point.getPositive().getOffset() + i);
      }
    }
    return OptionalInt.empty();
  }

  /** Index of the lowest positive bucket with a count, if any. */
  static OptionalInt lowestNonEmpty(ExponentialHistogramDataPoint point) {
    List<Long> counts = point.getPositive().getBucketCountsList();
    for (int i = 0; i < counts.size(); i++) {
      if (counts.get(i) > 0) {
        return OptionalInt.of(point.getPositive().getOffset() + i);
      }
    }
    return OptionalInt.empty();
  }

  /** Exclusive lower bound of bucket {@code index}. */
  static double lowerBound(int scale, int index) {
    return Math.pow(2, index / Math.pow(2, scale));
  }

  /** Inclusive upper bound of bucket {@code index}. */
  static double upperBound(int scale, int index) {
    return lowerBound(scale, index + 1);
  }

  /** Zero count plus every positive and negative bucket count. */
  static long countedInBuckets(ExponentialHistogramDataPoint point) {
    long total = point.getZeroCount();
    for (long count : point.getPositive().getBucketCountsList()) {
      total += count;
    }
    for (long count : point.getNegative().getBucketCountsList()) {
      total += count;
    }
    return total;
  }
}
