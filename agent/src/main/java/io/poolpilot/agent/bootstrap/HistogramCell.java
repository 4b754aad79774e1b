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
 */
public final class HistogramCell {
  private final AtomicLongArray counts = new AtomicLongArray(ExponentialBuckets.BUCKET_COUNT);
  private final AtomicLong zeroCount = new AtomicLong();
  private final AtomicLong sumNanos = new AtomicLong();

  /** Records one duration; only the owning thread may call this. */
  public void record(long nanos) {
    if (nanos <= 0) {
      zeroCount.lazySet(zeroCount.get() + 1);
      return;
    }
    int slot = ExponentialBuckets.indexOfNanos(nanos) - ExponentialBuckets.MIN_INDEX;
    counts.lazySet(slot, counts.get(slot) + 1);
    sumNanos.lazySet(sumNanos.get() + nanos);
  }

  /** Adds this cell's counts to {@code into}. */
  public void addTo(HistogramSnapshot into) {
    long[] target = into.counts;
    for (int i = 0; i < target.length; i++) {
      target[i] += counts.get(i);
    }
    into.zeroCount += zeroCount.get();
    into.sumNanos += sumNanos.get();
  }
}
