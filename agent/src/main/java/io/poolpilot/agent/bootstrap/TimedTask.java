package io.poolpilot.agent.bootstrap;

import java.util.concurrent.RunnableFuture;

/**
 * A task on its way through a pool's queue, stamped with the moment it was submitted.
 *
 * <p>The wrapper lives only inside the queue: the agent unwraps it before a worker hands the task
 * to {@code beforeExecute}, {@code run} or {@code afterExecute}, before a rejection handler sees
 * it, and in {@code remove} and {@code shutdownNow}, so the application only ever sees its own task
 * objects. A fresh wrapper per submission (rather than a side table keyed by the task) is what lets
 * one shared task object, such as a non-capturing lambda, be measured every time it is submitted.
 *
 * <p>A fresh wrapper rather than a recycled one: an application can iterate its pool's queue, and a
 * wrapper it saw there and still holds ({@code remove(wrapper)} after checking it, as {@code
 * purge()} does) would, once reused for another submission, stand for a different task. So the
 * wrapper is as small as it can be: 24 bytes with compressed references (header, task reference,
 * timestamp). The submitter's trace context, where there is one, travels in a subclass ({@link
 * #wrap}), so untraced tasks do not pay for the field.
 */
public class TimedTask implements Runnable {
  final Runnable task;
  final long submittedAt;

  TimedTask(Runnable task, long submittedAt) {
    this.task = task;
    this.submittedAt = submittedAt;
  }

  /**
   * Wraps {@code task}, keeping {@link java.util.concurrent.Future} visible to the queue, and
   * carrying {@code context} (the trace context current where the task was submitted) if not null.
   */
  static TimedTask wrap(Runnable task, long submittedAt, Object context) {
    if (task instanceof RunnableFuture) {
      RunnableFuture<?> future = (RunnableFuture<?>) task;
      return context == null
          ? new TimedFutureTask(future, submittedAt)
          : new TimedFutureTask.Traced(future, submittedAt, context);
    }
    return context == null
        ? new TimedTask(task, submittedAt)
        : new Traced(task, submittedAt, context);
  }

  /** The application's task. */
  public Runnable task() {
    return task;
  }

  public long submittedAt() {
    return submittedAt;
  }

  /** The trace context current where the task was submitted, or null. */
  Object context() {
    return null;
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

  /** A task submitted under a trace context, which it runs under. */
  static final class Traced extends TimedTask {
    private final Object context;

    Traced(Runnable task, long submittedAt, Object context) {
      super(task, submittedAt);
      this.context = context;
    }

    @Override
    Object context() {
      return context;
    }
  }
}
