package io.poolpilot.tuning;

import java.util.Objects;

/**
 * What a tuner wants done with one pool after one control period: the sizes to apply (the current
 * ones when it holds), whether the service needs more capacity than threads can give, and why, in
 * numbers a person can check.
 *
 * @param action what changed, for the journal and the UI
 * @param coreSize core size to apply
 * @param maxSize maximum size to apply
 * @param capacity the "needs capacity" signal; {@link CapacitySignal#NONE} when not raised
 * @param reason one line with the numbers behind the decision, for example {@code grew orders-*
 *     8→14: queue wait p99 120 ms > 50 ms, CPU 35%, 410 tasks/s × 28 ms = 11.5 busy}
 */
public record Decision(
    Action action, int coreSize, int maxSize, CapacitySignal capacity, String reason) {

  /** What a decision does to the pool's size. */
  public enum Action {
    /** Sizes unchanged. */
    HOLD,
    /** Larger, because more threads are expected to meet the objective. */
    GROW,
    /** Smaller, because threads are idle or are making things worse. */
    SHRINK,
    /** Back to the size before the last change, because that change made things worse. */
    ROLLBACK
  }

  public Decision {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(capacity, "capacity");
    Objects.requireNonNull(reason, "reason");
    if (coreSize < 1 || maxSize < coreSize) {
      throw new IllegalArgumentException(
          "coreSize " + coreSize + " and maxSize " + maxSize + " must satisfy 1 <= core <= max");
    }
  }

  /** Keep the sizes the pool has. */
  public static Decision hold(int coreSize, int maxSize, CapacitySignal capacity, String reason) {
    return new Decision(Action.HOLD, coreSize, maxSize, capacity, reason);
  }

  /** Whether applying this decision changes the pool. */
  public boolean resizes() {
    return action != Action.HOLD;
  }
}
