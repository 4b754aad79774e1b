package io.poolpilot.sidecar.model;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What the server spans of one route say.
 *
 * @param count requests seen since the sidecar first saw the route
 * @param errors those of them that failed (span status {@code ERROR}, or a 5xx status code)
 * @param recentCount requests in the last {@link RouteModel#RECENT} (the window of the rate and the
 *     percentiles)
 * @param ratePerSecond {@code recentCount} over that window
 * @param p50Seconds median duration of the requests in that window; empty without any
 */
public record RouteStats(
    RouteKey key,
    long count,
    long errors,
    long recentCount,
    double ratePerSecond,
    OptionalDouble p50Seconds,
    OptionalDouble p90Seconds,
    OptionalDouble p99Seconds,
    Instant lastSeen) {

  public RouteStats {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(p50Seconds, "p50Seconds");
    Objects.requireNonNull(p90Seconds, "p90Seconds");
    Objects.requireNonNull(p99Seconds, "p99Seconds");
    Objects.requireNonNull(lastSeen, "lastSeen");
  }
}
