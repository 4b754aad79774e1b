package io.poolpilot.agent.bootstrap;

/**
 * What one worker thread measures: its own histogram cells, written by no other thread, and the
 * task it is running now.
 */
public final class WorkerTimings {
  final PoolProbe probe;
  final HistogramCell queueWait = new HistogramCell();
  final HistogramCell duration = new HistogramCell();

  /** Whether the worker is running a task now. */
  boolean running;

  /** {@code System.nanoTime()} when the current task started. */
  long taskStartedAt;

  /** Queue wait of the current task in nanoseconds, or -1 where it could not be measured. */
  long currentQueueWait = -1;

  /** Undoes the trace context the current task runs under, or null. */
  AutoCloseable contextScope;

  WorkerTimings(PoolProbe probe) {
    this.probe = probe;
  }

  public PoolProbe probe() {
    return probe;
  }

  /** Queue wait of the task this worker is running, nanoseconds; -1 if idle or unknown. */
  public long currentQueueWait() {
    return running ? currentQueueWait : -1;
  }

  void taskStarted(long now, long queueWaitNanos) {
    if (queueWaitNanos >= 0) {
      queueWait.record(queueWaitNanos);
    }
    currentQueueWait = queueWaitNanos;
    taskStartedAt = now;
    running = true;
  }

  void taskEnded(long now) {
    if (running) {
      duration.record(now - taskStartedAt);
      running = false;
    }
  }
}
