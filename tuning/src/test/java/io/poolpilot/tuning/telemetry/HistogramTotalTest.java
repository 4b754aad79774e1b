package io.poolpilot.tuning.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.protocol.histogram.ExponentialHistogram;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link HistogramTotal#since} subtracts in place; it must give exactly what {@link
 * CumulativeHistogram#since} gives on immutable copies, for series that grow, restart, change scale
 * or shift their range, in buffers reused from export to export.
 */
class HistogramTotalTest {

  private static ExponentialHistogram random(Random random, int scale) {
    long[] counts = new long[random.nextInt(6)];
    for (int k = 0; k < counts.length; k++) {
      counts[k] = random.nextInt(4) == 0 ? 0 : random.nextInt(50);
    }
    return new ExponentialHistogram(scale, random.nextInt(5), random.nextInt(20) - 10, counts);
  }

  /** A later export of the same series: every bucket the same or more, sometimes a wider range. */
  private static ExponentialHistogram grown(Random random, ExponentialHistogram before) {
    int offset = before.offset() - random.nextInt(3);
    int end = before.offset() + before.bucketCount() + random.nextInt(3);
    long[] counts = new long[end - offset];
    for (int k = 0; k < counts.length; k++) {
      counts[k] = before.count(offset + k) + (random.nextBoolean() ? random.nextInt(9) : 0);
    }
    return new ExponentialHistogram(
        before.scale(), before.zeroCount() + random.nextInt(3), offset, counts);
  }

  @Test
  void inPlaceDifferenceEqualsTheImmutableOne() {
    Random random = new Random(42);
    HistogramTotal earlier = new HistogramTotal();
    HistogramTotal later = new HistogramTotal();
    int restarts = 0;
    for (int round = 0; round < 20_000; round++) {
      int scale = 3 - random.nextInt(2);
      long start = random.nextInt(10) == 0 ? 2 : 1;
      ExponentialHistogram before = random(random, scale);
      ExponentialHistogram after =
          switch (random.nextInt(5)) {
            case 0 -> random(random, scale); // unrelated: most often a bucket fell, a restart
            case 1 -> random(random, 3 - random.nextInt(3)); // another scale too
            default -> grown(random, before);
          };
      CumulativeHistogram first = new CumulativeHistogram(1, before);
      CumulativeHistogram second = new CumulativeHistogram(start, after);
      earlier.set(first);
      later.set(second);

      ExponentialHistogram expected = second.since(first);
      assertThat(later.since(earlier)).as("round %d", round).isEqualTo(expected);
      if (expected.equals(after)) {
        restarts++;
      }
    }
    // The rounds cover both outcomes, so the comparison above is not only of one branch.
    assertThat(restarts).isBetween(1_000, 19_000);
  }
}
