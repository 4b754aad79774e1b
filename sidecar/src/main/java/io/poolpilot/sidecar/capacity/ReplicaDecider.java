package io.poolpilot.sidecar.capacity;

import io.poolpilot.sidecar.capacity.CapacityDecision.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Decides, for one service, when to ask for more or fewer replicas, from the demand ratio ({@link
 * DemandRatio}) fed once per control period, in the manner of the Kubernetes HPA:
 *
 * <ul>
 *   <li>Up: only while the tuner says threads cannot help (its signal is itself confirmed over
 *       several periods, so a miss is sustained before it gets here) and the ratio is above {@code
 *       1 + tolerance}. No stabilisation window, as HPA's default for scaling up: the shortage is
 *       already confirmed and waiting only makes users wait.
 *   <li>Down: only after the ratio stayed below {@code 1 − tolerance} for the whole {@link
 *       ScalingPolicy#scaleDownWindow()} (5 minutes of agreement) with threads never short in it;
 *       the highest ratio of the window is used, so the count asked for suits the busiest moment of
 *       it.
 *   <li>At most one change per {@link ScalingPolicy#changeWindow()}; a change the window, the
 *       minimum or the maximum holds back is "suppressed", once per reason rather than every
 *       period.
 * </ul>
 *
 * {@code desired = ceil(current × ratio)} within the tolerance, steps and bounds of {@link
 * ScalingPolicy#desired}; with the current count unknown, a request carries the ratio only.
 *
 * <p>Plain class: time comes in with each call. Not thread-safe; one caller at a time.
 */
public final class ReplicaDecider {

  private record Reading(Instant at, double ratio, boolean short_) {}

  private final ScalingPolicy policy;
  private final Deque<Reading> window = new ArrayDeque<>();
  private Instant firstReading;
  private Instant lastChange;
  private String lastSuppression = "";

  public ReplicaDecider(ScalingPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /**
   * One evaluation.
   *
   * @param ratio the service's demand ratio now
   * @param threadsCannotHelp whether the tuner raised "needs capacity" for one of its pools
   * @param current the replica count, when known
   */
  public CapacityDecision evaluate(
      Instant now, double ratio, boolean threadsCannotHelp, OptionalInt current) {
    if (firstReading == null) {
      firstReading = now;
    }
    window.addLast(new Reading(now, ratio, threadsCannotHelp));
    Instant horizon = now.minus(policy.scaleDownWindow());
    while (!window.isEmpty() && window.peekFirst().at().isBefore(horizon)) {
      window.removeFirst();
    }
    boolean up = threadsCannotHelp && ratio > 1 + policy.tolerance();
    double highest = window.stream().mapToDouble(Reading::ratio).max().orElse(ratio);
    boolean anyShort = window.stream().anyMatch(Reading::short_);
    boolean observedLongEnough = !firstReading.isAfter(horizon);
    boolean down = !up && !anyShort && observedLongEnough && highest < 1 - policy.tolerance();
    if (!up && !down) {
      lastSuppression = "";
      return CapacityDecision.none(ratio, current);
    }
    String direction = up ? CapacityDecision.UP : CapacityDecision.DOWN;
    double used = up ? ratio : highest;
    OptionalInt desired =
        current.isPresent()
            ? OptionalInt.of(policy.desired(current.getAsInt(), used))
            : OptionalInt.empty();
    String numbers =
        "demand ratio "
            + RatioText.of(used)
            + (up ? "" : " (highest of the last " + describe(policy.scaleDownWindow()) + ")")
            + (current.isPresent()
                ? ", ceil(" + current.getAsInt() + " × " + RatioText.of(used) + ")"
                : ", replica count unknown");
    if (desired.isPresent() && desired.getAsInt() == current.getAsInt()) {
      String bound =
          up
              ? "at the maximum of " + policy.maxReplicas() + " replicas"
              : "at the minimum of " + policy.minReplicas() + " replicas";
      return suppressed(
          "bound:" + direction, direction, used, current, desired, bound + "; " + numbers);
    }
    if (lastChange != null
        && Duration.between(lastChange, now).compareTo(policy.changeWindow()) < 0) {
      return suppressed(
          "window:" + direction,
          direction,
          used,
          current,
          desired,
          "one change per "
              + describe(policy.changeWindow())
              + ": the last was at "
              + lastChange
              + "; "
              + numbers);
    }
    lastChange = now;
    lastSuppression = "";
    String what =
        desired.isPresent()
            ? "scale " + direction + " " + current.getAsInt() + " → " + desired.getAsInt()
            : "scale " + direction;
    String why =
        up ? "threads cannot help" : "low utilisation for " + describe(policy.scaleDownWindow());
    return new CapacityDecision(
        Outcome.REQUEST, direction, used, current, desired, what + ": " + why + ", " + numbers);
  }

  /** Starts the change window at {@code at}: a change made elsewhere (another replica) counts. */
  public void changedAt(Instant at) {
    if (lastChange == null || at.isAfter(lastChange)) {
      lastChange = at;
    }
  }

  private CapacityDecision suppressed(
      String kind,
      String direction,
      double ratio,
      OptionalInt current,
      OptionalInt desired,
      String reason) {
    if (kind.equals(lastSuppression)) {
      return CapacityDecision.none(ratio, current);
    }
    lastSuppression = kind;
    return new CapacityDecision(Outcome.SUPPRESSED, direction, ratio, current, desired, reason);
  }

  private static String describe(Duration duration) {
    long seconds = duration.toSeconds();
    return seconds % 60 == 0 && seconds > 0 ? seconds / 60 + " min" : seconds + " s";
  }
}
