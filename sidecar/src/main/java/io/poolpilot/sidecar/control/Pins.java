package io.poolpilot.sidecar.control;

import io.poolpilot.protocol.control.PoolSizes;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The operator's pins in force: service, then pool, to the sizes it is pinned to. Only {@link
 * ControlService} changes them, after journaling the change; anyone may read them (the decision
 * loops read them through {@link #of}). Thread-safe; reads never wait for the journal.
 */
public final class Pins {

  private final Map<String, Map<String, PoolSizes>> pins = new TreeMap<>();

  /** The pins recovered from the journal (service, then pool, to sizes). */
  public Pins(Map<String, Map<String, PoolSizes>> recovered) {
    recovered.forEach((service, pools) -> pins.put(service, new TreeMap<>(pools)));
  }

  /** The pins of one service, pool to sizes; empty when none. */
  public synchronized Map<String, PoolSizes> of(String service) {
    Map<String, PoolSizes> servicePins = pins.get(service);
    return servicePins == null ? Map.of() : Map.copyOf(servicePins);
  }

  synchronized Optional<PoolSizes> get(String service, String pool) {
    Map<String, PoolSizes> servicePins = pins.get(service);
    return Optional.ofNullable(servicePins == null ? null : servicePins.get(pool));
  }

  synchronized void put(String service, String pool, PoolSizes sizes) {
    pins.computeIfAbsent(service, s -> new TreeMap<>()).put(pool, sizes);
  }

  synchronized void remove(String service, String pool) {
    Map<String, PoolSizes> servicePins = pins.get(service);
    if (servicePins != null) {
      servicePins.remove(pool);
      if (servicePins.isEmpty()) {
        pins.remove(service);
      }
    }
  }

  /** Every pin: service, then pool, to its pinned sizes. */
  public synchronized Map<String, Map<String, PoolSizes>> all() {
    Map<String, Map<String, PoolSizes>> copy = new TreeMap<>();
    pins.forEach((service, pools) -> copy.put(service, Map.copyOf(pools)));
    return copy;
  }
}
