package io.poolpilot.agent.bootstrap;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything the agent learns about one live pool: facts for naming it, and the measurements its
 * workers record. It refers to its pool weakly, so a pool the application drops is collected as if
 * the agent were not there.
 */
public final class PoolProbe {
  private final WeakReference<Object> pool;
  private final PoolKind kind;
  private final long sequence;
  private final ConstructionSite site;
  private volatile String threadName;
  private final boolean ignored;
  private final long firstSeenMillis = System.currentTimeMillis();
  final LongAdder rejected = new LongAdder();
  private final LongAdder failedRequests = new LongAdder();

  private final List<WorkerTimings> liveWorkers = new ArrayList<>();
  private final HistogramSnapshot retiredQueueWait = new HistogramSnapshot();
  private final HistogramSnapshot retiredDuration = new HistogramSnapshot();

  private volatile String resizeRefusal;
  private volatile String reportedName;
  private int originalCore = -1;
  private int originalMax = -1;

  PoolProbe(Object pool, PoolKind kind, long sequence, ConstructionSite site) {
    this.pool = new WeakReference<>(pool);
    this.kind = kind;
    this.sequence = sequence;
    this.site = site;
    this.ignored = site != null && site.insideAgent();
  }

  /** The pool, or null once it has been garbage collected. Its type is told by {@link #kind}. */
  public Object pool() {
    return pool.get();
  }

  /** What kind of pool this is, which says how to read and resize it. */
  public PoolKind kind() {
    return kind;
  }

  /** Order in which the agent first saw pools; used only to keep listings stable. */
  public long sequence() {
    return sequence;
  }

  /** Wall-clock time the agent first saw the pool: the start of its cumulative counts. */
  public long firstSeenMillis() {
    return firstSeenMillis;
  }

  /** Where the pool was constructed, or null for a pool built before the agent started. */
  public ConstructionSite site() {
    return site;
  }

  /** Name of the first worker thread seen, or null before any worker ran. */
  public String threadName() {
    return threadName;
  }

  void threadSeen(String name) {
    if (threadName == null) {
      threadName = name;
    }
  }

  /** The name the pool was last reported under, or null before it was first named. */
  public String reportedName() {
    return reportedName;
  }

  /** Remembers the name the registry gave the pool, so a span can carry it without naming again. */
  public void reportedAs(String name) {
    reportedName = name;
  }

  /** True for the agent's own pools, which are never measured or reported. */
  public boolean ignored() {
    return ignored;
  }

  public long rejectedCount() {
    return rejected.sum();
  }

  /**
   * Counts a request served on this pool's threads that failed (a 5xx status or an exception): one
   * increment of a {@link LongAdder}, so the request thread pays no more than for a rejection.
   */
  public void requestFailed() {
    failedRequests.increment();
  }

  /** Requests served on this pool's threads that failed, since the agent first saw the pool. */
  public long failedRequestCount() {
    return failedRequests.sum();
  }

  synchronized WorkerTimings newWorker() {
    WorkerTimings timings = new WorkerTimings(this);
    liveWorkers.add(timings);
    return timings;
  }

  /** Folds a finished worker's cells into the pool's totals, so cumulative counts never drop. */
  synchronized void retire(WorkerTimings timings) {
    if (liveWorkers.remove(timings)) {
      timings.queueWait.addTo(retiredQueueWait);
      timings.duration.addTo(retiredDuration);
    }
  }

  /** Cumulative queue waits (submit to start) of every task this pool started. */
  public synchronized HistogramSnapshot queueWaits() {
    HistogramSnapshot total = new HistogramSnapshot();
    total.add(retiredQueueWait);
    for (WorkerTimings w : liveWorkers) {
      w.queueWait.addTo(total);
    }
    return total;
  }

  /** Cumulative run times (start to end) of every task this pool finished. */
  public synchronized HistogramSnapshot durations() {
    HistogramSnapshot total = new HistogramSnapshot();
    total.add(retiredDuration);
    for (WorkerTimings w : liveWorkers) {
      w.duration.addTo(total);
    }
    return total;
  }

  /**
   * Remembers the sizes the application gave the pool, the first time the agent changes them.
   * Returns {core, max} as first remembered.
   */
  public synchronized int[] rememberOriginalSizes(int core, int max) {
    if (originalCore < 0) {
      originalCore = core;
      originalMax = max;
    }
    return new int[] {originalCore, originalMax};
  }

  /** {core, max} as the application set them, or null if the agent never resized this pool. */
  public synchronized int[] originalSizes() {
    return originalCore < 0 ? null : new int[] {originalCore, originalMax};
  }

  /** Why the agent stopped resizing this pool after it failed to take a size, or null. */
  public String resizeRefusal() {
    return resizeRefusal;
  }

  /** Stops all further resizing of this pool, for the reason given. */
  public void refuseResizing(String why) {
    resizeRefusal = why;
  }

  /** Forgets the original sizes once they are restored. */
  public synchronized void forgetOriginalSizes() {
    originalCore = -1;
    originalMax = -1;
  }
}
