package io.poolpilot.sidecar.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One pool's history in two tiers, so that its memory is fixed however long it runs: the recent
 * samples at full resolution, and older ones, up to the whole window, as aggregates of fixed-length
 * buckets.
 *
 * <p>A sample stays at full resolution while it is within {@code recentWindow} of the newest one
 * and among the newest {@code recentSamples} (an exporter faster than expected gets a shorter
 * full-resolution history rather than more memory). Then it is folded into the bucket of {@code
 * bucket} length it falls in, aligned on the epoch so that the buckets of different processes line
 * up ({@link SampleAggregate} says how each field is aggregated, and why). A bucket is stamped with
 * its start, as the routes' slots are, and goes once its start is older than {@code window}. With
 * the defaults ({@link PoolModel}: 2 minutes at one export a second, 10-second buckets, 15 minutes)
 * a pool holds at most 120 + 91 rows of 48 bytes, about 10 KB, where 900 sample objects took about
 * 115 KB.
 *
 * <p>Time comes only from the samples, stamped by the owner's clock: no clock here. Samples are
 * expected oldest first; one stamped before the newest (the owner's clock stepped back) is kept at
 * the newest one's time, so the history stays in order and no bucket is made out of turn.
 *
 * <p>Not thread-safe: its owner locks around it.
 */
final class CompactHistory {

  private final long recentMillis;
  private final long bucketMillis;
  private final long windowMillis;
  private final SampleColumns recent;
  private final SampleColumns buckets;
  private final SampleAggregate open = new SampleAggregate();
  private final double[] row = new double[SampleColumns.FIELDS];

  /**
   * @param recentWindow how long samples stay at full resolution
   * @param recentSamples the most samples kept at full resolution
   * @param bucket the length of an aggregate bucket
   * @param window how far back the history reaches
   */
  CompactHistory(Duration recentWindow, int recentSamples, Duration bucket, Duration window) {
    recentMillis = positiveMillis(recentWindow, "recentWindow");
    bucketMillis = positiveMillis(bucket, "bucket");
    windowMillis = positiveMillis(window, "window");
    if (recentMillis > windowMillis) {
      throw new IllegalArgumentException(
          "recentWindow " + recentWindow + " is longer than the window " + window);
    }
    recent = new SampleColumns(recentSamples);
    // Bucket starts within the window, both ends included.
    buckets = new SampleColumns(Math.toIntExact(windowMillis / bucketMillis + 1));
  }

  /** Appends the newest sample, folding what leaves full resolution into buckets. */
  void add(PoolSample sample) {
    long at = sample.at().toEpochMilli();
    if (recent.size() > 0) {
      at = Math.max(at, recent.atMillis(recent.size() - 1));
    }
    while (recent.size() > 0 && (recent.isFull() || recent.atMillis(0) < at - recentMillis)) {
      foldOldestRecent();
    }
    while (buckets.size() > 0 && buckets.atMillis(0) < at - windowMillis) {
      buckets.dropOldest();
    }
    SampleColumns.toRow(sample, row);
    recent.add(at, sample.exports(), row);
  }

  /**
   * The samples stamped at or after {@code oldest}, oldest first: the buckets, then the samples at
   * full resolution.
   */
  List<PoolSample> samples(Instant oldest) {
    long from = oldest.toEpochMilli();
    List<PoolSample> samples = new ArrayList<>(buckets.size() + recent.size());
    for (SampleColumns tier : List.of(buckets, recent)) {
      for (int i = 0; i < tier.size(); i++) {
        if (tier.atMillis(i) >= from) {
          samples.add(tier.sample(i));
        }
      }
    }
    return samples;
  }

  /** The most rows this history can hold: its bound, whatever it is fed. */
  int capacity() {
    return recent.capacity() + buckets.capacity();
  }

  /** Its heap size, fixed at construction: the two rings, the open aggregate and a scratch row. */
  long estimatedBytes() {
    int doubles = SampleColumns.FIELDS;
    long aggregate = 24 + 3 * 16 + doubles * (8 + 4 + 8);
    return 48 + recent.estimatedBytes() + buckets.estimatedBytes() + aggregate + 16 + 8L * doubles;
  }

  private void foldOldestRecent() {
    long at = recent.atMillis(0);
    long start = Math.floorDiv(at, bucketMillis) * bucketMillis;
    recent.copyRow(0, row);
    int exports = recent.exports(0);
    recent.dropOldest();
    if (buckets.size() > 0 && start <= buckets.atMillis(buckets.size() - 1)) {
      open.add(row, exports);
      open.toRow(row);
      buckets.replaceNewest(buckets.atMillis(buckets.size() - 1), open.exports(), row);
      return;
    }
    if (buckets.isFull()) {
      buckets.dropOldest();
    }
    open.reset();
    open.add(row, exports);
    open.toRow(row);
    buckets.add(start, open.exports(), row);
  }

  private static long positiveMillis(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.toMillis() < 1) {
      throw new IllegalArgumentException(name + " " + duration + ", expected at least 1 ms");
    }
    return duration.toMillis();
  }
}
