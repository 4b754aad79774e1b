package io.poolpilot.protocol.histogram;

import java.util.Arrays;

/**
 * Records single durations into a base-2 exponential histogram laid out as {@link
 * ExponentialBuckets} says, so that durations recorded here read with the same bucket width and the
 * same quantile arithmetic ({@link ExponentialHistogram}) as the agent's pool histograms.
 *
 * <p>The stored bucket range grows as values arrive, within the fixed range of {@link
 * ExponentialBuckets} (at most {@link ExponentialBuckets#BUCKET_COUNT} buckets, under 3 KB), so a
 * recorder that saw only millisecond latencies holds a few dozen counts.
 *
 * <p>Not thread-safe: one writer, or its owner locks around it. (The agent's pool threads each
 * record into cells of their own instead; see its bootstrap package.)
 */
public final class HistogramRecorder {

  private long zeroCount;
  private int offset;
  private long[] counts = new long[0];

  /** Records one value in seconds; zero, negative and NaN values count as zero. */
  public void record(double seconds) {
    if (!(seconds > 0)) {
      zeroCount++;
      return;
    }
    int index = ExponentialBuckets.indexOf(seconds);
    if (counts.length == 0) {
      offset = index;
      counts = new long[1];
    } else if (index < offset) {
      long[] wider = new long[counts.length + offset - index];
      System.arraycopy(counts, 0, wider, offset - index, counts.length);
      counts = wider;
      offset = index;
    } else if (index >= offset + counts.length) {
      counts = Arrays.copyOf(counts, index - offset + 1);
    }
    counts[index - offset]++;
  }

  /** The values recorded so far, as an immutable histogram. */
  public ExponentialHistogram snapshot() {
    return new ExponentialHistogram(ExponentialBuckets.SCALE, zeroCount, offset, counts);
  }
}
