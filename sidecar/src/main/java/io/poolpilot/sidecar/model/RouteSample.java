package io.poolpilot.sidecar.model;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One slot of a route's history: the requests whose spans arrived in {@code [at, at + SLOT)}.
 *
 * @param at the slot's start, by the sidecar's clock
 */
public record RouteSample(
    Instant at, long count, long errors, OptionalDouble p50Seconds, OptionalDouble p99Seconds) {

  public RouteSample {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(p50Seconds, "p50Seconds");
    Objects.requireNonNull(p99Seconds, "p99Seconds");
  }
}
