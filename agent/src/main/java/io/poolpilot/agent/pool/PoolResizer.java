package io.poolpilot.agent.pool;

import io.poolpilot.agent.config.AgentConfig;
import io.poolpilot.agent.config.AgentConfig.ResizeBounds;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The one entry point that changes a pool's size. It keeps the pool's own contract whole:
 *
 * <ul>
 *   <li>nothing changes in {@code observe} mode;
 *   <li>a pool created with one thread at most (a single-thread executor promises one task at a
 *       time) and a scheduled pool (its maximum size has no effect, its core size is its size) are
 *       never resized;
 *   <li>sizes stay within the configured bounds and never below 1, core never above max: the
 *       maximum grows first and the core shrinks first, since the JDK rejects core above max;
 *   <li>with an unbounded queue the pool never grows past its core size, so only core matters and
 *       the maximum is only raised to keep core within it;
 *   <li>the sizes the application gave the pool are remembered before the first change, so they can
 *       be restored.
 * </ul>
 */
public final class PoolResizer {
  private final PoolRegistry registry;
  private final AgentConfig.Mode mode;
  private final ResizeBounds bounds;

  public PoolResizer(PoolRegistry registry, AgentConfig.Mode mode, ResizeBounds bounds) {
    this.registry = registry;
    this.mode = mode;
    this.bounds = bounds;
  }

  /** Sets the named pool's core and maximum sizes, as far as the rules above allow. */
  public ResizeResult resize(String name, int core, int max) {
    Optional<NamedPool> found = registry.find(name);
    if (found.isEmpty()) {
      return ResizeResult.refused(name, -1, -1, "no live pool is named '" + name + "'");
    }
    ThreadPoolExecutor pool = found.get().pool();
    String refusal = refusal(found.get());
    if (refusal != null) {
      return ResizeResult.refused(name, pool.getCorePoolSize(), pool.getMaximumPoolSize(), refusal);
    }
    if (core < 1 || max < 1) {
      return ResizeResult.refused(
          name,
          pool.getCorePoolSize(),
          pool.getMaximumPoolSize(),
          "sizes must be at least 1, got core=" + core + " max=" + max);
    }
    int newCore = bounds.clamp(core);
    int newMax = bounds.clamp(Math.max(max, newCore));
    if (isUnbounded(pool.getQueue())) {
      newMax = Math.max(newCore, pool.getMaximumPoolSize());
    }
    found.get().probe().rememberOriginalSizes(pool.getCorePoolSize(), pool.getMaximumPoolSize());
    String failure = apply(pool, newCore, newMax);
    if (failure != null) {
      return ResizeResult.refused(name, pool.getCorePoolSize(), pool.getMaximumPoolSize(), failure);
    }
    return new ResizeResult(
        name,
        true,
        pool.getCorePoolSize(),
        pool.getMaximumPoolSize(),
        adjustment(core, max, newCore, newMax, pool));
  }

  /** Gives the named pool back the sizes the application gave it. */
  public ResizeResult restore(String name) {
    Optional<NamedPool> found = registry.find(name);
    if (found.isEmpty()) {
      return ResizeResult.refused(name, -1, -1, "no live pool is named '" + name + "'");
    }
    return restore(found.get());
  }

  /** Restores every pool the agent has resized; used when the sidecar has been gone too long. */
  public List<ResizeResult> restoreAll() {
    List<ResizeResult> results = new ArrayList<>();
    for (NamedPool pool : registry.pools()) {
      if (pool.probe().originalSizes() != null) {
        results.add(restore(pool));
      }
    }
    return results;
  }

  private ResizeResult restore(NamedPool named) {
    ThreadPoolExecutor pool = named.pool();
    int[] original = named.probe().originalSizes();
    if (original == null) {
      return ResizeResult.refused(
          named.name(),
          pool.getCorePoolSize(),
          pool.getMaximumPoolSize(),
          "never resized by the agent");
    }
    String failure = apply(pool, original[0], original[1]);
    if (failure != null) {
      return ResizeResult.refused(
          named.name(), pool.getCorePoolSize(), pool.getMaximumPoolSize(), failure);
    }
    named.probe().forgetOriginalSizes();
    return new ResizeResult(
        named.name(), true, pool.getCorePoolSize(), pool.getMaximumPoolSize(), "");
  }

  /** Why this pool may not be resized, or null if it may. */
  public String refusal(NamedPool named) {
    ThreadPoolExecutor pool = named.pool();
    if (mode == AgentConfig.Mode.OBSERVE) {
      return "the agent runs in observe mode";
    }
    if (pool instanceof ScheduledThreadPoolExecutor) {
      return "a scheduled pool is never resized";
    }
    int[] original = named.probe().originalSizes();
    int originalMax = original == null ? pool.getMaximumPoolSize() : original[1];
    if (originalMax == 1) {
      return "a single-thread pool is never resized: it promises one task at a time";
    }
    if (pool.isShutdown()) {
      return "the pool is shut down";
    }
    return null;
  }

  /** Sets both sizes in the order that keeps core at or below max at every step. */
  private static String apply(ThreadPoolExecutor pool, int core, int max) {
    try {
      if (max > pool.getMaximumPoolSize()) {
        pool.setMaximumPoolSize(max);
        pool.setCorePoolSize(core);
      } else {
        pool.setCorePoolSize(core);
        pool.setMaximumPoolSize(max);
      }
      return null;
    } catch (IllegalArgumentException e) {
      // The application changed the sizes at the same moment.
      return "the pool refused core=" + core + " max=" + max + ": " + e.getMessage();
    }
  }

  static boolean isUnbounded(BlockingQueue<Runnable> queue) {
    return (long) queue.remainingCapacity() + queue.size() >= Integer.MAX_VALUE;
  }

  private String adjustment(int core, int max, int newCore, int newMax, ThreadPoolExecutor pool) {
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
          isUnbounded(pool.getQueue())
              ? "max left at " + newMax + ": with an unbounded queue only core matters"
              : "max " + max + " adjusted to " + newMax);
    }
    return String.join("; ", notes);
  }
}
