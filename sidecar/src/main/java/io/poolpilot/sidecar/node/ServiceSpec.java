package io.poolpilot.sidecar.node;

import io.poolpilot.tuning.node.ServiceClass;
import java.time.Duration;
import java.util.Objects;

/**
 * What one service declares it needs from the node ({@code node.services}).
 *
 * @param serviceClass how much it matters when the processors do not go round
 * @param weight its share against services of the same class, at least 1
 * @param objective the queue-wait p99 its pools should meet; missing it on a busy node lets the
 *     node budget cap lower classes for it
 */
public record ServiceSpec(ServiceClass serviceClass, int weight, Duration objective) {

  /** The tuner's own queue-wait objective: a service that declares none is held to it. */
  public static final Duration DEFAULT_OBJECTIVE = Duration.ofMillis(50);

  /**
   * What a service nobody declared gets: {@code standard}, so it is never capped for a peer and an
   * unknown name can neither take a critical service's place nor be starved as batch.
   */
  public static final ServiceSpec DEFAULT =
      new ServiceSpec(ServiceClass.STANDARD, 1, DEFAULT_OBJECTIVE);

  public ServiceSpec {
    Objects.requireNonNull(serviceClass, "serviceClass");
    Objects.requireNonNull(objective, "objective");
    if (weight < 1) {
      throw new IllegalArgumentException("weight " + weight + " must be at least 1");
    }
    if (objective.isNegative() || objective.isZero()) {
      throw new IllegalArgumentException("objective " + objective + " must be positive");
    }
  }

  /** The spec as {@code node.services} writes it: {@code batch:weight=2:objective=200ms}. */
  public String text() {
    return serviceClass.label() + ":weight=" + weight + ":objective=" + objective.toMillis() + "ms";
  }
}
