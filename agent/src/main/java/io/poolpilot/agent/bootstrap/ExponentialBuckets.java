package io.poolpilot.agent.bootstrap;

/**
 * The fixed bucket layout of every PoolPilot histogram: OpenTelemetry's base-2 exponential
 * histogram at scale {@value #SCALE}, in seconds.
 *
 * <p>Bucket {@code i} holds values in {@code (base^i, base^(i+1)]} with {@code base =
 * 2^(2^-SCALE)}, so each bucket is about 9% wide and the relative error of any quantile read from
 * it is under 5%, for a 2 µs queue wait and a 20 s one alike. The scale is fixed rather than
 * adapted (as the SDK's own aggregator does) so that recording is an array increment with no
 * rescaling and per-thread cells merge by plain addition.
 *
 * <p>The range covers {@code 2^-30} s (about 1 ns) to {@code 2^12} s (about 68 minutes); larger
 * values land in the last bucket.
 */
public final class ExponentialBuckets {
  /** OpenTelemetry scale: {@code 2^SCALE} buckets per power of two. */
  public static final int SCALE = 3;

  private static final int SUB_BUCKETS = 1 << SCALE;
  private static final int MIN_EXPONENT = -30;
  private static final int MAX_EXPONENT = 12;

  /** Index (in OpenTelemetry's numbering) of the first bucket. */
  public static final int MIN_INDEX = MIN_EXPONENT * SUB_BUCKETS;

  /** How many buckets a histogram cell holds. */
  public static final int BUCKET_COUNT = (MAX_EXPONENT - MIN_EXPONENT) * SUB_BUCKETS;

  private static final double SECONDS_PER_NANO = 1e-9;

  private static final long MANTISSA_MASK = (1L << 52) - 1;

  /**
   * Upper bounds of the sub-buckets within one power of two, {@code 2^(k/8)} for k = 1..7, as the
   * raw mantissa bits of a double: a value's sub-bucket is found by comparing its own mantissa
   * bits, with no logarithm and no division on the recording path.
   */
  private static final long[] SUB_BOUNDARY_MANTISSAS = new long[SUB_BUCKETS - 1];

  static {
    for (int k = 1; k < SUB_BUCKETS; k++) {
      double boundary = Math.pow(2, (double) k / SUB_BUCKETS);
      SUB_BOUNDARY_MANTISSAS[k - 1] = Double.doubleToRawLongBits(boundary) & MANTISSA_MASK;
    }
  }

  private ExponentialBuckets() {}

  /**
   * Array slot for a positive duration, in {@code [0, BUCKET_COUNT)}; the caller keeps zero
   * durations apart, as OpenTelemetry's zero count does.
   */
  public static int slotOf(long nanos) {
    return otelIndexOf(nanos * SECONDS_PER_NANO) - MIN_INDEX;
  }

  /** OpenTelemetry bucket index of a positive value in seconds, clamped to the covered range. */
  static int otelIndexOf(double seconds) {
    long bits = Double.doubleToRawLongBits(seconds);
    int exponent = (int) (bits >>> 52) - 1023;
    if (exponent < MIN_EXPONENT) {
      return MIN_INDEX;
    }
    if (exponent >= MAX_EXPONENT) {
      return MIN_INDEX + BUCKET_COUNT - 1;
    }
    long mantissa = bits & MANTISSA_MASK;
    if (mantissa == 0) {
      // An exact power of two is the upper bound of the bucket below it.
      return Math.max(MIN_INDEX, exponent * SUB_BUCKETS - 1);
    }
    // Binary search: how many of the seven sub-bucket bounds lie below the mantissa.
    long[] bounds = SUB_BOUNDARY_MANTISSAS;
    int sub = mantissa > bounds[3] ? 4 : 0;
    if (mantissa > bounds[sub + 1]) {
      sub += 2;
    }
    if (mantissa > bounds[sub]) {
      sub += 1;
    }
    return exponent * SUB_BUCKETS + sub;
  }

  /** Lower bound (exclusive) of OpenTelemetry bucket {@code index}, in seconds. */
  public static double lowerBoundSeconds(int index) {
    return Math.pow(2, (double) index / SUB_BUCKETS);
  }
}
