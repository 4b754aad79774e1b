package io.poolpilot.tuning.sim;

import java.util.Arrays;

/**
 * The agent's histogram as the sidecar reads it: base-2 exponential buckets at scale 3 (each spans
 * a factor {@code 2^(1/8) ≈ 1.09}), a zero bucket, and quantiles interpolated geometrically inside
 * a bucket. The simulated tuner sees durations with the error the real one sees.
 */
final class TelemetryHistogram {

  private static final int SCALE = 3;
  private static final int OFFSET = 200;
  private static final double ZERO_THRESHOLD = 1e-9;

  private final long[] counts = new long[320];
  private long zeroCount;
  private long total;

  void record(double seconds) {
    total++;
    if (seconds <= ZERO_THRESHOLD) {
      zeroCount++;
      return;
    }
    int index = (int) Math.ceil(Math.scalb(Math.log(seconds) / Math.log(2), SCALE)) - 1;
    counts[Math.max(0, Math.min(counts.length - 1, index + OFFSET))]++;
  }

  long total() {
    return total;
  }

  /** The {@code q}-quantile, 0 when empty. */
  double quantile(double q) {
    if (total == 0) {
      return 0;
    }
    double rank = Math.max(q * total, Double.MIN_VALUE);
    if (rank <= zeroCount) {
      return 0;
    }
    long below = zeroCount;
    for (int k = 0; k < counts.length; k++) {
      if (counts[k] > 0 && below + counts[k] >= rank) {
        double fraction = (rank - below) / counts[k];
        return Math.pow(2, Math.scalb(k - OFFSET + fraction, -SCALE));
      }
      below += counts[k];
    }
    return 0;
  }

  void clear() {
    Arrays.fill(counts, 0);
    zeroCount = 0;
    total = 0;
  }
}
