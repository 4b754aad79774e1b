package io.poolpilot.protocol.histogram;

/**
 * The bucket layout of every PoolPilot duration histogram: OpenTelemetry's base-2 exponential
 * histogram at scale {@value #SCALE}, in seconds, over a fixed range.
 *
 * <p>Bucket {@code i} holds the values in {@code (base^i, base^(i+1)]} with {@code base =
 * 2^(2^-SCALE)}, so each bucket is about 9% wide and a quantile read from it is within about 5%,
 * for a 2 µs queue wait and a 20 s one alike. The scale is fixed rather than adapted (as the SDK's
 * own aggregator does) so that recording is an array increment with no rescaling, histograms of
 * different threads merge by plain addition, and the agent, the sidecar and the simulator put a
 * value in the same bucket.
 *
 * <p>The range covers {@code 2^-30} s (about 1 ns) to {@code 2^12} s (about 68 minutes); values
 * outside it count in the first or last bucket. Zero (and anything not above zero) is no bucket's:
 * callers count it in the histogram's zero count, as OpenTelemetry does.
 */
public final class ExponentialBuckets {
  /** OpenTelemetry scale: {@code 2^SCALE} buckets per power of two. */
  public static final int SCALE = 3;

  private static final int SUB_BUCKETS = 1 << SCALE;
  private static final int MIN_EXPONENT = -30;
  private static final int MAX_EXPONENT = 12;

  /** Index (in OpenTelemetry's numbering) of the first bucket. */
  public static final int MIN_INDEX = MIN_EXPONENT * SUB_BUCKETS;

  /** How many buckets the range holds. */
  public static final int BUCKET_COUNT = (MAX_EXPONENT - MIN_EXPONENT) * SUB_BUCKETS;

  /** Index of the last bucket. */
  public static final int MAX_INDEX = MIN_INDEX + BUCKET_COUNT - 1;

  private static final long MANTISSA_MASK = (1L << 52) - 1;

  /**
   * Upper bounds of the sub-buckets within one power of two, {@code 2^(k/8)} for k = 1..7, as the
   * raw mantissa bits of a double: a value's sub-bucket is found by comparing its own mantissa
   * bits, with no logarithm and no division on the agent's recording path.
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
   * OpenTelemetry bucket index of a positive value in seconds, clamped to {@code [MIN_INDEX,
   * MAX_INDEX]}. A value that is not above zero gets {@code MIN_INDEX}; count it as zero instead.
   */
  public static int indexOf(double seconds) {
    long bits = Double.doubleToRawLongBits(seconds);
    int exponent = (int) (bits >>> 52) - 1023;
    if (exponent < MIN_EXPONENT || bits < 0) {
      return MIN_INDEX;
    }
    if (exponent >= MAX_EXPONENT) {
      return MAX_INDEX;
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

  /** {@link #indexOf} of a positive duration in nanoseconds. */
  public static int indexOfNanos(long nanos) {
    return indexOf(nanos * 1e-9);
  }

  /** {@code base^index} at {@code scale}: the lower bound of bucket {@code index}. */
  static double bound(int scale, double index) {
    return Math.pow(2, Math.scalb(index, -scale));
  }
}
