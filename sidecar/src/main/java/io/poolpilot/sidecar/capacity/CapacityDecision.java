package io.poolpilot.sidecar.capacity;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * What {@link ReplicaDecider} concluded for one service at one moment.
 *
 * @param outcome whether to ask, to hold back (and journal why), or nothing to say
 * @param direction {@code up} or {@code down}; empty for {@link Outcome#NONE}
 * @param ratio the (stabilised) demand ratio the decision rests on
 * @param current the replica count it started from, when known
 * @param desired the replica count to ask for, when the current one is known
 * @param reason the numbers, for the journal
 */
public record CapacityDecision(
    Outcome outcome,
    String direction,
    double ratio,
    OptionalInt current,
    OptionalInt desired,
    String reason) {

  /** What comes of an evaluation. */
  public enum Outcome {
    NONE,
    REQUEST,
    SUPPRESSED
  }

  public static final String UP = "up";
  public static final String DOWN = "down";

  public CapacityDecision {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(desired, "desired");
    Objects.requireNonNull(reason, "reason");
  }

  static CapacityDecision none(double ratio, OptionalInt current) {
    return new CapacityDecision(Outcome.NONE, "", ratio, current, OptionalInt.empty(), "");
  }
}
