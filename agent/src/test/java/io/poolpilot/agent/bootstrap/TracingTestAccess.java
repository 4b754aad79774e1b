package io.poolpilot.agent.bootstrap;

/** Resets the tracing bridge's global state between tests. */
public final class TracingTestAccess {
  private TracingTestAccess() {}

  public static void reset() {
    Tracing.reset();
  }

  /** Marks {@code worker} as running a task that waited {@code waitNanos} in the queue. */
  public static void startTask(WorkerTimings worker, long waitNanos) {
    worker.taskStarted(System.nanoTime(), waitNanos);
  }
}
