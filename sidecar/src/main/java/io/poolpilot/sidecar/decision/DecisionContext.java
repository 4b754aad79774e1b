package io.poolpilot.sidecar.decision;

import io.poolpilot.protocol.control.PoolSizes;
import io.poolpilot.sidecar.capacity.CapacityListener;
import io.poolpilot.sidecar.journal.Journal;
import io.poolpilot.tuning.PoolTuner;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * What every instance's decision loop shares: the settings, the journal, where tuners come from
 * (made for a pool's floor, which becomes the tuner's minimum size), the processors to assume for
 * an application that never said, the capacity hook, the operator's pins (read through a function,
 * so the loops never depend on the control side that keeps them), and the node budget's caps (a
 * service and pool to its cap, read the same way).
 */
record DecisionContext(
    TuningSettings settings,
    Journal journal,
    IntFunction<PoolTuner> tunerFactory,
    int defaultProcessors,
    CapacityListener capacity,
    Function<String, Map<String, PoolSizes>> pinsOfService,
    BiFunction<String, String, OptionalInt> caps) {

  DecisionContext {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(journal, "journal");
    Objects.requireNonNull(tunerFactory, "tunerFactory");
    Objects.requireNonNull(capacity, "capacity");
    Objects.requireNonNull(pinsOfService, "pinsOfService");
    Objects.requireNonNull(caps, "caps");
    defaultProcessors = Math.max(1, defaultProcessors);
  }

  /** The node budget's cap on one pool of a service; empty when it is not capped. */
  OptionalInt cap(String service, String pool) {
    OptionalInt cap = caps.apply(service, pool);
    return cap == null ? OptionalInt.empty() : cap;
  }

  /** A tuner that never sizes the pool below {@code floor}. */
  PoolTuner newTuner(int floor) {
    return tunerFactory.apply(floor);
  }

  /** The pins of one service, pool to sizes; empty when none. */
  Map<String, PoolSizes> pins(String service) {
    Map<String, PoolSizes> pins = pinsOfService.apply(service);
    return pins == null ? Map.of() : pins;
  }
}
