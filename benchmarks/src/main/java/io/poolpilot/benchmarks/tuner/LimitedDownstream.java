package io.poolpilot.benchmarks.tuner;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A downstream limited to a known concurrency {@code nStar}: a database behind a pool of {@code
 * nStar} connections, a partner's API with a concurrency quota. A call takes {@code base} once it
 * holds one of the {@code nStar} slots; a call that finds them all taken waits for one, first come
 * first served, holding its pool thread while it waits. So the service can answer at most {@code
 * nStar / base} requests a second whatever its pool size: a larger pool only moves the queue from
 * the pool into the downstream's wait, and a pool too small to keep {@code nStar} calls going
 * leaves that capacity unused. The size a tuner should find is known: {@code nStar × (request time
 * / downstream time)}, a little more for the variation in arrivals.
 *
 * <p>It lives in the service's process and waits by blocking the calling thread, as a blocking
 * client does: the wait belongs to the pool's threads, which is what makes the pool size matter.
 */
final class LimitedDownstream {
  private final Semaphore slots;
  private final long baseNanos;

  LimitedDownstream(int nStar, long baseMillis) {
    if (nStar < 1 || baseMillis < 0) {
      throw new IllegalArgumentException(
          "expected nStar >= 1 and base >= 0 ms, got nStar=" + nStar + " base=" + baseMillis);
    }
    this.slots = new Semaphore(nStar, true);
    this.baseNanos = TimeUnit.MILLISECONDS.toNanos(baseMillis);
  }

  /** Makes one call: waits for a slot, then blocks the calling thread for the call's time. */
  void call() throws InterruptedException {
    slots.acquire();
    try {
      TimeUnit.NANOSECONDS.sleep(baseNanos);
    } finally {
      slots.release();
    }
  }

  /** Calls waiting for a slot now. */
  int waiting() {
    return slots.getQueueLength();
  }

  /** Slots free now. */
  int freeSlots() {
    return slots.availablePermits();
  }
}
