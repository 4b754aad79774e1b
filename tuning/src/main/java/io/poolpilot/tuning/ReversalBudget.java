package io.poolpilot.tuning;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How many times a pool may change direction: at most {@value #PER_WINDOW} reversals (a resize in
 * the opposite direction of the pool's previous resize) in any {@link #WINDOW}.
 *
 * <p>Why: on a crowded machine every measurement is noisy, and a tuner that believes each one flaps
 * (a Tomcat pool went 1↔17 every 2 s for a minute, about 30 reversals a minute, with a request
 * queue building behind it). Each reversal undoes a change before its effect could be measured
 * twice, so past two a minute the pool learns nothing more by moving and loses by it.
 *
 * <p>The budget is spent on what the tuner may do without: shrinking idle threads. Such a change is
 * only started when the budget still holds a reversal for undoing it (a change that is itself a
 * reversal needs two left, its own and its undoing's; one in the same direction as the last needs
 * one). A growth the objective asks for needs only its own reversal, if it is one: holding a pool
 * that a step up has left short, to save a reversal, cost a quarter of a minute's requests in the
 * evaluation (`step`: held at 13 threads for 26 s against 400 tasks/s because two idle shrinks and
 * their re-growths had spent the minute's budget). A rollback counts like any reversal; one that
 * undoes real harm (a probe that lost a quarter of the throughput or more, a growth that cost
 * completions beyond their noise or left the pool completing under a quarter of its arrivals) is
 * never refused, while one that undoes only waiting threads waits for the budget (the tuner's
 * {@code deferredRollback}). Corrections into the configured bounds are not counted against the
 * budget: they are not the tuner's opinion.
 */
final class ReversalBudget {

  static final int PER_WINDOW = 2;
  static final Duration WINDOW = Duration.ofMinutes(1);

  private final Deque<Instant> reversals = new ArrayDeque<>();
  private int lastDirection;

  /** Whether an optional change from {@code from} to {@code to} fits with room to undo it. */
  boolean allowsOptional(Instant now, int from, int to) {
    return left(now) - (isReversal(from, to) ? 1 : 0) >= 1;
  }

  /**
   * Whether a change the objective asks for fits: one in the direction of the last always does (it
   * is no reversal, whatever rollbacks spent), a reversal needs one left.
   */
  boolean allowsNeeded(Instant now, int from, int to) {
    return !isReversal(from, to) || left(now) >= 1;
  }

  /** Records a resize the pool was given. */
  void record(Instant now, int from, int to) {
    if (isReversal(from, to)) {
      reversals.addLast(now);
    }
    if (to != from) {
      lastDirection = Integer.signum(to - from);
    }
  }

  /** Reversals left in the window ending at {@code now}. */
  int left(Instant now) {
    while (!reversals.isEmpty() && !reversals.peekFirst().plus(WINDOW).isAfter(now)) {
      reversals.removeFirst();
    }
    return PER_WINDOW - reversals.size();
  }

  private boolean isReversal(int from, int to) {
    return to != from && Integer.signum(to - from) == -lastDirection;
  }
}
