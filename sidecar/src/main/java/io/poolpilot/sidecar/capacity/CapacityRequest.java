package io.poolpilot.sidecar.capacity;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One request for capacity, as every provider receives it.
 *
 * @param at when it was decided
 * @param service the service (the workload, for the kubernetes provider)
 * @param instance the instance whose demand was highest, the one that "asks"
 * @param direction {@code up} or {@code down}
 * @param ratio the demand ratio ({@link DemandRatio}) it rests on
 * @param current the replica count it started from, when known
 * @param desired the replica count wanted, when the current one is known
 * @param evidence the tuner's numbers and the decider's reason
 * @param idempotencyKey the same for every delivery of this request, so a receiver can drop a
 *     repeat
 */
public record CapacityRequest(
    Instant at,
    String service,
    String instance,
    String direction,
    double ratio,
    OptionalInt current,
    OptionalInt desired,
    String evidence,
    String idempotencyKey) {

  public CapacityRequest {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(instance, "instance");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(desired, "desired");
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
  }

  /** A key derived from what identifies the request: service, moment and direction. */
  public static String keyOf(String service, Instant at, String direction) {
    return service + "-" + direction + "-" + at.toEpochMilli();
  }
}
