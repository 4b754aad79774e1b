package io.poolpilot.sidecar.capacity;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How {@link ReplicaDecider} turns demand ratios into replica changes. Defaults follow the
 * Kubernetes HorizontalPodAutoscaler, and where they differ the reason is given.
 *
 * @param tolerance no change while the ratio is within {@code 1 ± tolerance}: HPA's default 0.1, so
 *     that noise in the readings does not scale anything
 * @param targetUtilization the utilisation the demand ratio aims at ({@link DemandRatio})
 * @param minReplicas never ask for fewer
 * @param maxReplicas never ask for more
 * @param scaleDownWindow scale in only on the highest recommendation of this window, and only after
 *     observing for that long: HPA's 5 minutes, so a lull between two bursts does not remove a
 *     replica the next burst needs
 * @param changeWindow at most one change per this window, in either direction: 60 s, longer than
 *     HPA's 15 s policy period, because a new replica needs to start, warm up and have its load
 *     show in the ratio before the ratio says anything about the next one
 * @param currentReplicas the replica count from configuration ({@code capacity.replicas}); empty
 *     when unknown unless a provider reads it
 */
public record ScalingPolicy(
    double tolerance,
    double targetUtilization,
    int minReplicas,
    int maxReplicas,
    Duration scaleDownWindow,
    Duration changeWindow,
    OptionalInt currentReplicas) {

  public static final ScalingPolicy DEFAULTS =
      new ScalingPolicy(
          0.1, 0.8, 1, 10, Duration.ofMinutes(5), Duration.ofSeconds(60), OptionalInt.empty());

  /**
   * HPA's default scale-up policy: at most double, or four more, per change, whichever is more, so
   * that one bad reading cannot ask for a hundred replicas.
   */
  public static final int MAX_STEP_PODS = 4;

  public ScalingPolicy {
    Objects.requireNonNull(scaleDownWindow, "scaleDownWindow");
    Objects.requireNonNull(changeWindow, "changeWindow");
    Objects.requireNonNull(currentReplicas, "currentReplicas");
    if (!(tolerance >= 0 && tolerance < 1)) {
      throw new IllegalArgumentException("tolerance " + tolerance + " outside [0, 1)");
    }
    if (!(targetUtilization > 0 && targetUtilization <= 1)) {
      throw new IllegalArgumentException(
          "targetUtilization " + targetUtilization + " outside (0, 1]");
    }
    if (minReplicas < 1 || maxReplicas < minReplicas) {
      throw new IllegalArgumentException(
          "minReplicas "
              + minReplicas
              + " and maxReplicas "
              + maxReplicas
              + " need 1 <= min <= max");
    }
    if (scaleDownWindow.isNegative() || changeWindow.isNegative()) {
      throw new IllegalArgumentException("windows must not be negative");
    }
  }

  /**
   * HPA's formula: {@code ceil(current × ratio)}, held at {@code current} within the tolerance,
   * limited to one step up and to {@code [minReplicas, maxReplicas]}.
   */
  public int desired(int current, double ratio) {
    if (Math.abs(ratio - 1) <= tolerance) {
      return clamp(current);
    }
    long wanted = (long) Math.ceil(current * ratio - 1e-9);
    long step = Math.max(2L * current, (long) current + MAX_STEP_PODS);
    return clamp((int) Math.min(Integer.MAX_VALUE, Math.min(wanted, step)));
  }

  private int clamp(int replicas) {
    return Math.max(minReplicas, Math.min(maxReplicas, replicas));
  }
}
