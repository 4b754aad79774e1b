package io.poolpilot.agent.bootstrap;

/**
 * A task on its way through a pool's queue, stamped with the moment it was submitted.
 *
 * <p>The wrapper lives only inside the queue: the agent unwraps it before a worker hands the task
 * to {@code beforeExecute}, {@code run} or {@code afterExecute}, before a rejection handler sees
 * it, and in {@code remove} and {@code shutdownNow}, so the application only ever sees its own task
 * objects. A fresh wrapper per submission (rather than a side table keyed by the task) is what lets
 * one shared task object, such as a non-capturing lambda, be measured every time it is submitted.
 * It also carries the submitter's trace context, so the task runs under the span that queued it.
 */
public class TimedTask implements Runnable {
  final Runnable task;
  final long submittedAt;

  /** The trace context current where the task was submitted, or null. */
  final Object context;

  TimedTask(Runnable task, long submittedAt, Object context) {
    this.task = task;
    this.submittedAt = submittedAt;
    this.context = context;
  }

  /** Wraps {@code task}, keeping {@link java.util.concurrent.Future} visible to the queue. */
  static TimedTask wrap(Runnable task, long submittedAt, Object context) {
    if (task instanceof java.util.concurrent.RunnableFuture) {
      return new TimedFutureTask(
          (java.util.concurrent.RunnableFuture<?>) task, submittedAt, context);
    }
    return new TimedTask(task, submittedAt, context);
  }

  /** The application's task. */
  public Runnable task() {
    return task;
  }

  public long submittedAt() {
    return submittedAt;
  }

  /** Runs the application's task, for code that drains the queue and runs what it finds. */
  @Override
  public void run() {
    task.run();
  }

  @Override
  public String toString() {
    return task.toString();
  }
}
