package io.poolpilot.sidecar.model;

import java.time.Clock;
import java.util.Objects;

/**
 * Everything the sidecar knows from telemetry, in one value to hand to the ingest and the API:
 * pools (with their history and the processes behind them), HTTP routes, recent traces, and the
 * processes' CPU and GC figures.
 */
public record LiveModel(
    PoolModel pools, RouteModel routes, TraceBuffer traces, ProcessModel processes) {

  public LiveModel {
    Objects.requireNonNull(processes, "processes");
    Objects.requireNonNull(pools, "pools");
    Objects.requireNonNull(routes, "routes");
    Objects.requireNonNull(traces, "traces");
  }

  /** A model on {@code clock} with the default trace buffer bounds. */
  public static LiveModel create(Clock clock) {
    return create(clock, TraceSettings.DEFAULTS);
  }

  /** A model on {@code clock} whose trace buffer keeps what {@code traces} says. */
  public static LiveModel create(Clock clock, TraceSettings traces) {
    return create(clock, traces, HistorySettings.DEFAULTS);
  }

  /**
   * A model on {@code clock} whose trace buffer keeps what {@code traces} says and whose pools keep
   * what {@code history} says.
   */
  public static LiveModel create(Clock clock, TraceSettings traces, HistorySettings history) {
    return new LiveModel(
        new PoolModel(clock, ModelLimits.DEFAULTS, history),
        new RouteModel(clock),
        new TraceBuffer(traces, clock),
        new ProcessModel());
  }

  /** The pool model with empty routes and traces, on the system clock. */
  public static LiveModel of(PoolModel pools) {
    return new LiveModel(pools, new RouteModel(), new TraceBuffer(), new ProcessModel());
  }
}
