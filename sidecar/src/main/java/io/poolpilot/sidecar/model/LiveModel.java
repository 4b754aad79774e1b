package io.poolpilot.sidecar.model;

import java.time.Clock;
import java.util.Objects;

/**
 * Everything the sidecar knows from telemetry, in one value to hand to the ingest and the API:
 * pools (with their history and the processes behind them), HTTP routes, and recent traces.
 */
public record LiveModel(PoolModel pools, RouteModel routes, TraceBuffer traces) {

  public LiveModel {
    Objects.requireNonNull(pools, "pools");
    Objects.requireNonNull(routes, "routes");
    Objects.requireNonNull(traces, "traces");
  }

  /** A model on {@code clock} with the default trace buffer bounds. */
  public static LiveModel create(Clock clock) {
    return new LiveModel(new PoolModel(clock), new RouteModel(clock), new TraceBuffer());
  }

  /** The pool model with empty routes and traces, on the system clock. */
  public static LiveModel of(PoolModel pools) {
    return new LiveModel(pools, new RouteModel(), new TraceBuffer());
  }
}
