package io.poolpilot.agent.pool;

import io.poolpilot.agent.config.AgentConfig;
import io.poolpilot.agent.config.AgentConfig.ResizeBounds;
import io.poolpilot.protocol.control.ApplyResult;
import io.poolpilot.protocol.control.ControlProtocol;
import io.poolpilot.protocol.control.PoolSizes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;

/**
 * The one entry point that changes a pool's size, for every kind of pool (see {@link PoolAdapter}:
 * for Jetty, core means its minimum threads). It keeps the pool's own contract whole:
 *
 * <ul>
 *   <li>nothing changes in {@code observe} mode;
 *   <li>a pool created with one thread at most (a single-thread executor promises one task at a
 *       time) and a scheduled pool (its maximum size has no effect, its core size is its size) are
 *       never resized;
 *   <li>sizes stay within the configured bounds and never below 1, core never above max (a request
 *       is {@link PoolSizes}, which holds to both, and the bounds keep its order): the maximum
 *       grows first and the core shrinks first, since the JDK rejects core above max;
 *   <li>with an unbounded queue a JDK pool never grows past its core size, so only core matters and
 *       the maximum follows it (not so for Tomcat's request pools, whose {@code TaskQueue} makes
 *       them grow to their maximum first, nor for Jetty's, which start a thread whenever none is
 *       idle). The maximum has to come down with the core: a worker above the core leaves only when
 *       it finds the queue empty for its keep-alive time, or when the pool has more workers than
 *       its maximum, so under a backlog, the load a shrink is for, a pool whose maximum stayed up
 *       kept every thread it had (tuner-real: a request pool "shrunk" from 20 to 4 ran 20 threads
 *       through the whole overload). With a direct hand-off ({@code SynchronousQueue}) the maximum
 *       never goes below the application's, which would add rejections;
 *   <li>a pool that fails to take a size is rolled back and never resized again;
 *   <li>the sizes the application gave the pool are remembered before the first change, so they can
 *       be restored.
 * </ul>
 */
public final class PoolResizer {
  private static final long RESIZE_TIMEOUT_MILLIS = 5_000;
  private static final String ELLIPSIS = "...";

  private final PoolRegistry registry;
  private final AgentConfig.Mode mode;
  private final ResizeBounds bounds;

  public PoolResizer(PoolRegistry registry, AgentConfig.Mode mode, ResizeBounds bounds) {
    this.registry = registry;
    this.mode = mode;
    this.bounds = bounds;
  }

  /**
   * Sets the named pool's core and maximum sizes, as far as the rules above allow; the result says
   * what the pool has afterwards, and why where that is not what was asked.
   */
  public ApplyResult resize(String name, PoolSizes wanted) {
    Optional<NamedPool> found = registry.find(name);
    if (found.isEmpty()) {
      return noLivePool(name);
    }
    PoolAdapter pool = found.get().pool();
    String refusal = refusal(found.get());
    if (refusal != null) {
      return refused(name, pool, refusal);
    }
    int core = wanted.core();
    int max = wanted.max();
    int newCore = bounds.clamp(core);
    int newMax = bounds.clamp(max);
    int[] original = found.get().probe().rememberOriginalSizes(pool.coreSize(), pool.maxSize());
    if (onlyCoreMatters(pool)) {
      newMax = newCore;
    } else if (pool.queue() instanceof SynchronousQueue) {
      // A direct hand-off (SynchronousQueue) rejects every task beyond max threads: lowering max
      // below what the application chose would add rejections it never had.
      newMax = Math.max(newMax, original[1]);
    }
    String failure = apply(found.get(), newCore, newMax);
    if (failure != null) {
      return refused(name, pool, failure);
    }
    return new ApplyResult(
        name, true, pool.coreSize(), pool.maxSize(), adjustment(core, max, newCore, newMax, pool));
  }

  /** Gives the named pool back the sizes the application gave it. */
  public ApplyResult restore(String name) {
    Optional<NamedPool> found = registry.find(name);
    if (found.isEmpty()) {
      return noLivePool(name);
    }
    return restore(found.get());
  }

  /** Restores every pool the agent has resized; used when the sidecar has been gone too long. */
  public List<ApplyResult> restoreAll() {
    List<ApplyResult> results = new ArrayList<>();
    for (NamedPool pool : registry.pools()) {
      if (pool.probe().originalSizes() != null) {
        results.add(restore(pool));
      }
    }
    return results;
  }

  private ApplyResult restore(NamedPool named) {
    PoolAdapter pool = named.pool();
    int[] original = named.probe().originalSizes();
    if (original == null) {
      return refused(named.name(), pool, "never resized by the agent");
    }
    String failure = apply(named, original[0], original[1]);
    if (failure != null) {
      return refused(named.name(), pool, failure);
    }
    named.probe().forgetOriginalSizes();
    return new ApplyResult(named.name(), true, pool.coreSize(), pool.maxSize(), "");
  }

  private static ApplyResult refused(String name, PoolAdapter pool, String reason) {
    return new ApplyResult(name, false, pool.coreSize(), pool.maxSize(), fitted(reason));
  }

  /** A pool the agent cannot see has no threads it could report: 0 and 0. */
  private static ApplyResult noLivePool(String name) {
    return new ApplyResult(name, false, 0, 0, fitted("no live pool is named '" + name + "'"));
  }

  /**
   * A reason as long as a control message may carry it: one that quotes a pool's exception or a
   * long pool name could be longer, and the protocol refuses a text over {@link
   * ControlProtocol#MAX_TEXT_LENGTH}; its beginning says enough.
   */
  static String fitted(String reason) {
    if (reason == null || reason.length() <= ControlProtocol.MAX_TEXT_LENGTH) {
      return reason;
    }
    return reason.substring(0, ControlProtocol.MAX_TEXT_LENGTH - ELLIPSIS.length()) + ELLIPSIS;
  }

  /** Why this pool may not be resized, or null if it may; at most as long as a message allows. */
  public String refusal(NamedPool named) {
    return fitted(unfittedRefusal(named));
  }

  private String unfittedRefusal(NamedPool named) {
    PoolAdapter pool = named.pool();
    if (mode == AgentConfig.Mode.OBSERVE) {
      return "the agent runs in observe mode";
    }
    String kindRefusal = pool.kindRefusal();
    if (kindRefusal != null) {
      return kindRefusal;
    }
    int[] original = named.probe().originalSizes();
    int originalMax = original == null ? pool.maxSize() : original[1];
    if (originalMax == 1) {
      return "a single-thread pool is never resized: it promises one task at a time";
    }
    if (pool.isShutdown()) {
      return "the pool is shut down";
    }
    return named.probe().resizeRefusal();
  }

  /**
   * Sets both sizes in the order that keeps core at or below max at every step. Runs on a
   * short-lived non-daemon thread: raising the core size can start workers right away, and an
   * application's thread factory that does not set the daemon flag copies it from the calling
   * thread, which must not be one of the agent's daemons. Anything the pool throws (a subclass that
   * refuses, a thread factory that fails, no native thread left) rolls the sizes back and marks the
   * pool as not resizable, leaving every other pool under control.
   */
  private static String apply(NamedPool named, int core, int max) {
    PoolAdapter pool = named.pool();
    int oldCore = pool.coreSize();
    int oldMax = pool.maxSize();
    String[] failure = new String[1];
    Thread resize =
        new Thread(
            () -> {
              try {
                setInOrder(pool, core, max);
              } catch (IllegalArgumentException e) {
                // The application changed the sizes at the same moment.
                failure[0] =
                    "the pool refused core=" + core + " max=" + max + ": " + e.getMessage();
              } catch (Throwable t) {
                failure[0] = "the pool failed to take core=" + core + " max=" + max + ": " + t;
                named.probe().refuseResizing(failure[0]);
                try {
                  setInOrder(pool, oldCore, oldMax);
                } catch (Throwable ignored) {
                  // Left as the pool itself left it.
                }
              }
            },
            "poolpilot-resize");
    resize.setDaemon(false);
    resize.start();
    try {
      resize.join(RESIZE_TIMEOUT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (resize.isAlive()) {
      named
          .probe()
          .refuseResizing("a resize did not finish within " + RESIZE_TIMEOUT_MILLIS + " ms");
      return "the pool did not finish resizing within " + RESIZE_TIMEOUT_MILLIS + " ms";
    }
    return failure[0];
  }

  private static void setInOrder(PoolAdapter pool, int core, int max) {
    if (max > pool.maxSize()) {
      pool.setMaxSize(max);
      pool.setCoreSize(core);
    } else {
      pool.setCoreSize(core);
      pool.setMaxSize(max);
    }
  }

  static boolean isUnbounded(BlockingQueue<Runnable> queue) {
    return (long) queue.remainingCapacity() + queue.size() >= Integer.MAX_VALUE;
  }

  /** Whether the pool never grows past its core size: an unbounded queue it fills first. */
  private static boolean onlyCoreMatters(PoolAdapter pool) {
    BlockingQueue<Runnable> queue = pool.queue();
    return pool.growsPastCoreOnlyWhenQueueFull() && queue != null && isUnbounded(queue);
  }

  private String adjustment(int core, int max, int newCore, int newMax, PoolAdapter pool) {
    List<String> notes = new ArrayList<>();
    if (newCore != core) {
      notes.add(
          "core "
              + core
              + " clamped to "
              + newCore
              + " (bounds "
              + bounds.min()
              + ".."
              + bounds.max()
              + ")");
    }
    if (newMax != max) {
      notes.add(
          onlyCoreMatters(pool)
              ? "max set to core " + newMax + ": with an unbounded queue only core matters"
              : "max " + max + " adjusted to " + newMax);
    }
    return String.join("; ", notes);
  }
}
