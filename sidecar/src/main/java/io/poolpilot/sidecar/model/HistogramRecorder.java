package io.poolpilot.sidecar.model;

import java.util.Arrays;

/**
 * Records single durations into a base-2 exponential histogram at {@link #SCALE}, as the agent's
 * exporter does, so that latencies from span durations read with the same quantile arithmetic
 * ({@link ExponentialHistogram#quantile}) and the same 9% bucket width as the pools' queue waits.
 *
 * <p>A value {@code v > 0} goes to bucket {@code ceil(log2(v) · 2^SCALE) - 1}, which holds {@code
 * (b^i, b^(i+1)]}; zero and below go to the zero bucket. The bucket range grows as values arrive
 * and is capped at {@link #MAX_BUCKETS} (1 ns to about 35 years at scale 3); values beyond it count
 * in the edge bucket, so one recorder never exceeds about 5 KB.
 *
 * <p>Not thread-safe: its owner locks around it.
 */
final class HistogramRecorder {

  static final int SCALE = 3;

  static final int MAX_BUCKETS = 640;

  private long zeroCount;
  private int offset;
  private long[] counts = new long[0];

  void record(double seconds) {
    if (!(seconds > 0)) {
      zeroCount++;
      return;
    }
    int index = (int) Math.ceil(Math.scalb(Math.log(seconds) / Math.log(2), SCALE)) - 1;
    if (counts.length == 0) {
      offset = index;
      counts = new long[1];
    } else if (index < offset) {
      int grow = Math.min(offset - index, MAX_BUCKETS - counts.length);
      if (grow > 0) {
        long[] wider = new long[counts.length + grow];
        System.arraycopy(counts, 0, wider, grow, counts.length);
        counts = wider;
        offset -= grow;
      }
      index = Math.max(index, offset);
    } else if (index >= offset + counts.length) {
      int grow = Math.min(index - offset - counts.length + 1, MAX_BUCKETS - counts.length);
      if (grow > 0) {
        counts = Arrays.copyOf(counts, counts.length + grow);
      }
      index = Math.min(index, offset + counts.length - 1);
    }
    counts[index - offset]++;
  }

  ExponentialHistogram snapshot() {
    return new ExponentialHistogram(SCALE, zeroCount, offset, counts);
  }
}
