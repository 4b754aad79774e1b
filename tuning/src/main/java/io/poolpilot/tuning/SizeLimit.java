package io.poolpilot.tuning;

import io.poolpilot.tuning.CapacitySignal.Bottleneck;
import java.time.Instant;

/**
 * A size the tuner learned not to cross for a while: a ceiling (more threads did not raise
 * throughput) or a floor (fewer threads missed the objective).
 *
 * @param size the bound itself
 * @param until when the lesson is forgotten and the tuner may probe again
 * @param arrivalsAtSet smoothed arrival rate when it was learned
 * @param demandAtSet busy-thread demand when it was learned; a floor lapses when demand falls
 * @param executionAtSet mean execution time at the bound's size when it was learned
 * @param bottleneck for a ceiling, what stopped throughput from growing
 * @param evidence the numbers that taught it, for the journal and the capacity signal
 * @param retested for a ceiling, whether growing past it was tried a second time and failed again
 */
record SizeLimit(
    int size,
    Instant until,
    double arrivalsAtSet,
    double demandAtSet,
    double executionAtSet,
    Bottleneck bottleneck,
    String evidence,
    boolean retested) {

  static final double CHANGE_FACTOR = 2.0;

  /** This limit with {@link #retested} cleared, so that growing past it may be tried again. */
  SizeLimit rearmed() {
    return new SizeLimit(
        size, until, arrivalsAtSet, demandAtSet, executionAtSet, bottleneck, evidence, false);
  }

  boolean expired(Instant now) {
    return !now.isBefore(until);
  }

  /**
   * Whether {@code execution} seconds per task, seen at or below this size, is at most half of what
   * it was: the threads this ceiling held back no longer wait for what limited them. A rise proves
   * nothing, because a deepening overload looks the same as slower work; the tuner settles that by
   * trying to grow again.
   */
  boolean lighterWork(double execution) {
    return executionAtSet > 0 && execution > 0 && execution <= executionAtSet / CHANGE_FACTOR;
  }
}
