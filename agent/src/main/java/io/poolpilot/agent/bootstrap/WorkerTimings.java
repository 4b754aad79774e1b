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

  /**
   * {@code System.nanoTime()} when the previous task ended; the next task may start at it instead
   * of at a fresh clock read while {@link #previousEndReusable} holds (see {@link
   * #mayStartAtPreviousEnd}).
   */
  private long previousEnd;

  /**
   * Whether the queue already held work when the previous task ended, and nothing started since.
   */
  private boolean previousEndReusable;

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
    previousEndReusable = false;
  }

  /**
   * Ends the current task at {@code now}; {@code workAlreadyQueued} says whether the queue held a
   * task at that moment (read after the clock), so that the worker is about to take one without
   * waiting.
   */
  void taskEnded(long now, boolean workAlreadyQueued) {
    if (running) {
      taskEnded(now);
      previousEnd = now;
      previousEndReusable = workAlreadyQueued;
    }
  }

  /**
   * Whether a task submitted at {@code submittedAt} that this worker has just taken can be taken to
   * have started when the previous task ended ({@link #previousEnd()}), saving a clock read: only
   * if the queue already held work at that end, and the task was submitted no later than it. Then
   * the worker went straight from the previous task to this one, and the only time counted as
   * running that was not is the queue's own {@code poll}, tens of nanoseconds. Answers once per
   * end: the next start has to read the clock again unless another end allows it.
   *
   * <p>The one case that errs: with several workers, others may empty the queue in the moment
   * between this worker's end and its {@code poll}, and this worker may then wait for a task that
   * was stamped before that end but reached the queue after it (a submitter descheduled between
   * stamping and queuing). That wait counts as running time, not queue wait; the two still add up
   * to the task's time since submission.
   */
  boolean mayStartAtPreviousEnd(long submittedAt) {
    boolean reusable = previousEndReusable && submittedAt - previousEnd <= 0;
    previousEndReusable = false;
    return reusable;
  }

  /** When the previous task ended; meaningful only where {@link #mayStartAtPreviousEnd} said so. */
  long previousEnd() {
    return previousEnd;
  }

  void taskEnded(long now) {
    if (running) {
      duration.record(now - taskStartedAt);
      running = false;
    }
  }
}
