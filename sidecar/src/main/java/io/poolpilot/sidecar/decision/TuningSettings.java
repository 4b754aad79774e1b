package io.poolpilot.sidecar.decision;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The tuning settings: {@code tuning.mode}, {@code tuning.include} (the names of pools tuned
 * although no request runs on them), and the floors: {@code tuning.request-floor}, the fewest
 * threads the tuner leaves a pool that serves requests, and {@code tuning.floors}, a floor per pool
 * name that replaces it.
 *
 * <p>Why a floor: a request pool held at one thread is fragile whatever its load says, because one
 * slow request (a GC pause, a slow query) blocks every request behind it; two threads let the
 * others pass. It is the tuner's configured minimum for the pool, so the tuner never decides below
 * it, and {@link SizePrecedence} applies it to the tuner's sizes again; an operator's pin wins over
 * it.
 *
 * @param requestFloor the floor of a request-serving pool that {@code floors} does not name
 * @param floors pool name to its floor, for request-serving and included pools alike
 */
public record TuningSettings(
    TuningMode mode, Set<String> include, int requestFloor, Map<String, Integer> floors) {

  /** The floor of a request-serving pool when none is configured. */
  public static final int DEFAULT_REQUEST_FLOOR = 2;

  /** {@code auto}, nothing included beyond the pools that serve requests, a floor of 2 for them. */
  public static final TuningSettings DEFAULTS = new TuningSettings(TuningMode.AUTO, Set.of());

  /** The given mode and included pools with the default floors. */
  public TuningSettings(TuningMode mode, Set<String> include) {
    this(mode, include, DEFAULT_REQUEST_FLOOR, Map.of());
  }

  public TuningSettings {
    Objects.requireNonNull(mode, "mode");
    include = Set.copyOf(include);
    floors = Map.copyOf(floors);
    if (requestFloor < 1) {
      throw new IllegalArgumentException("requestFloor " + requestFloor + " must be at least 1");
    }
    floors.forEach(
        (pool, floor) -> {
          if (floor < 1) {
            throw new IllegalArgumentException(
                "floor " + floor + " of pool " + pool + " must be at least 1");
          }
        });
  }

  /**
   * The fewest threads the tuner may leave {@code pool}: its configured floor, else {@link
   * #requestFloor} when requests run on it, else 1.
   */
  public int floorOf(String pool, boolean servesRequests) {
    Integer configured = floors.get(pool);
    if (configured != null) {
      return configured;
    }
    return servesRequests ? requestFloor : 1;
  }
}
