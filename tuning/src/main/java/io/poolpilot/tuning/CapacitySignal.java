package io.poolpilot.tuning;

import java.util.Objects;

/**
 * The "needs capacity" signal: more threads will not meet the objective, because the resource that
 * limits the pool is not threads. The capacity side of PoolPilot acts on it (more replicas, a
 * larger CPU quota, a page to a person); the evidence says which numbers led to it.
 *
 * @param raised whether capacity is needed now
 * @param bottleneck the limiting resource; {@link Bottleneck#NONE} when not raised
 * @param demandRatio demand over what the limiting resource delivers, for example 1.3 when 30% more
 *     of it is needed; 0 when not raised
 * @param evidence the numbers, for example {@code CPU 99% of 2 processors: 260 tasks/s × 9.6 ms CPU
 *     = 2.5 processors wanted}
 */
public record CapacitySignal(
    boolean raised, Bottleneck bottleneck, double demandRatio, String evidence) {

  /** Nothing to ask for. */
  public static final CapacitySignal NONE = new CapacitySignal(false, Bottleneck.NONE, 0, "");

  /** The resource that limits a pool when threads cannot help. */
  public enum Bottleneck {
    NONE,
    /** The process uses all the processors it has. */
    CPU,
    /** The container's CPU quota throttles the process. */
    CPU_QUOTA,
    /**
     * Throughput stopped growing with concurrency while the CPU has room: a downstream service, a
     * connection pool or a lock.
     */
    CONCURRENCY
  }

  public CapacitySignal {
    Objects.requireNonNull(bottleneck, "bottleneck");
    Objects.requireNonNull(evidence, "evidence");
    if (raised == (bottleneck == Bottleneck.NONE)) {
      throw new IllegalArgumentException(
          "bottleneck " + bottleneck + " does not fit raised=" + raised);
    }
    if (!(demandRatio >= 0) || Double.isInfinite(demandRatio)) {
      throw new IllegalArgumentException("demandRatio " + demandRatio + " must be finite, >= 0");
    }
  }

  /** A raised signal. */
  public static CapacitySignal raise(Bottleneck bottleneck, double demandRatio, String evidence) {
    return new CapacitySignal(true, bottleneck, demandRatio, evidence);
  }
}
