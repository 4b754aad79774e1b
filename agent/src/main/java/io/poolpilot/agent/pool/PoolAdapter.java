package io.poolpilot.agent.pool;

import java.util.concurrent.BlockingQueue;

/**
 * What the registry, the metric producer and the resizer read from a pool and set on it, whatever
 * its kind: the JDK's {@code ThreadPoolExecutor}, Tomcat's copy of it, Jetty's {@code
 * QueuedThreadPool}. Tomcat's and Jetty's classes are invisible from the agent's class loader, so
 * their adapters call them reflectively, with methods looked up once per class: this is read once
 * per export or resize, never per task.
 *
 * <p>Sizes use the JDK's words. For Jetty, the core size is its minimum thread count (threads kept
 * even when idle) and the maximum is its maximum thread count.
 */
public interface PoolAdapter {
  /** The pool object itself. */
  Object target();

  /**
   * The pool's implementation class, fully qualified ({@code jvm.executor.type}): what tells a
   * Tomcat or Jetty pool, or an application's subclass, from the JDK's own pool on a dashboard.
   */
  default String typeName() {
    return target().getClass().getName();
  }

  /**
   * The framework that owns the pool ({@code jvm.executor.owner.name}), or null where the agent
   * does not know one: the proposed conventions leave the attribute out then rather than guess.
   */
  String ownerName();

  /** Threads the pool keeps even when idle (Jetty: min threads). */
  int coreSize();

  /** Threads the pool may grow to. */
  int maxSize();

  /** Threads the pool has now. */
  int poolSize();

  /** Threads running a task now; at most {@link #poolSize}. */
  int activeCount();

  /** Tasks waiting in the queue. */
  int queueSize();

  /**
   * The pool's queue, for its capacity and its head's submit time; null where it cannot be read.
   */
  BlockingQueue<Runnable> queue();

  /** Tasks the pool has completed, or -1 where the pool does not count them. */
  long completedTaskCount();

  /** Whether the pool takes no new tasks any more. */
  boolean isShutdown();

  /** Whether the pool has stopped for good: nothing to report or resize. */
  boolean isTerminated();

  void setCoreSize(int core);

  void setMaxSize(int max);

  /**
   * Whether the pool starts threads beyond its core size only when its queue is full, as the JDK's
   * does: with an unbounded queue, only its core size then matters.
   */
  boolean growsPastCoreOnlyWhenQueueFull();

  /** Why a pool of this kind and class is never resized, or null if it may be. */
  String kindRefusal();

  /** Whether queued tasks are scheduled futures whose wait starts when they become due. */
  boolean scheduled();
}
