package io.poolpilot.agent.bootstrap;

import io.poolpilot.protocol.histogram.ExponentialBuckets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One writer's share of an exponential histogram of durations, laid out as the protocol's {@link
 * ExponentialBuckets} says: slot {@code k} counts bucket index {@code MIN_INDEX + k}.
 *
 * <p>Exactly one thread records into a cell (a pool's worker thread into its own cells), so a
 * record is a plain read and an ordered write: no lock, no CAS, no cache line shared with another
 * recording thread. Two threads recording into one shared histogram cost several times one thread
 * on this kind of machine; a cell per worker removes that contention entirely. Readers (the metric
 * export, once a second) add cells up and may see a record a moment late, never a torn one.
 *
 * <p>The smallest and largest durations are kept the same way: a read and a compare per record, and
 * a write only when a new extreme arrives, which soon becomes rare. They are written before the
 * count, and {@link #addTo} reads them after the counts, so a merged snapshot's minimum and maximum
 * always cover every duration it counts (they may already include a record whose count the reader
 * has not seen yet).
 */
public final class HistogramCell {
  private final AtomicLongArray counts = new AtomicLongArray(ExponentialBuckets.BUCKET_COUNT);
  private final AtomicLong zeroCount = new AtomicLong();
  private final AtomicLong sumNanos = new AtomicLong();
  private final AtomicLong minNanos = new AtomicLong(HistogramSnapshot.NO_MIN);
  private final AtomicLong maxNanos = new AtomicLong(HistogramSnapshot.NO_MAX);

  /** Records one duration; only the owning thread may call this. */
  public void record(long nanos) {
    long value = Math.max(0, nanos);
    if (value < minNanos.get()) {
      minNanos.lazySet(value);
    }
    if (value > maxNanos.get()) {
      maxNanos.lazySet(value);
    }
    if (value == 0) {
      zeroCount.lazySet(zeroCount.get() + 1);
      return;
    }
    int slot = ExponentialBuckets.indexOfNanos(value) - ExponentialBuckets.MIN_INDEX;
    counts.lazySet(slot, counts.get(slot) + 1);
    sumNanos.lazySet(sumNanos.get() + value);
  }

  /** Adds this cell's counts, and its extremes, to {@code into}. */
  public void addTo(HistogramSnapshot into) {
    long[] target = into.counts;
    for (int i = 0; i < target.length; i++) {
      target[i] += counts.get(i);
    }
    into.zeroCount += zeroCount.get();
    into.sumNanos += sumNanos.get();
    into.minNanos = Math.min(into.minNanos, minNanos.get());
    into.maxNanos = Math.max(into.maxNanos, maxNanos.get());
  }
}
