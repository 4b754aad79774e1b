package io.poolpilot.sidecar.capacity;

import io.poolpilot.sidecar.model.InstanceKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pools' latest demand readings, grouped by service and instance, with each instance's ratio
 * (the highest of its pools' fresh readings) kept up to date as readings arrive.
 *
 * <p>A reading arrives once per pool per control period, so with a thousand instances of ten pools
 * there are ten thousand a second: recording one touches only its own instance's pools, and a
 * service's evaluation only that service's instances. Readings older than the freshness window are
 * dropped when their instance or service is next looked at, and everywhere by {@link #dropStale},
 * which the caller runs about once a period. Not thread-safe: the capacity service holds its lock
 * around every call; {@link #ratios} may be read from any thread.
 */
final class DemandReadings {

  /**
   * One pool's demand at one time; {@code evidence} says why threads cannot help, if they cannot.
   */
  record Reading(Instant at, double ratio, boolean cannotHelp, String evidence) {}

  /** One service's fresh instances: their ratios and whether any pool says threads cannot help. */
  record ServiceDemand(Map<InstanceKey, Double> ratios, Optional<String> cannotHelpEvidence) {}

  private final Duration fresh;
  private final Map<String, Map<InstanceKey, Map<String, Reading>>> byService = new HashMap<>();
  private final Map<InstanceKey, Double> ratios = new ConcurrentHashMap<>();

  DemandReadings(Duration fresh) {
    this.fresh = fresh;
  }

  /** Keeps {@code reading} as {@code pool}'s latest and updates its instance's ratio. */
  void record(InstanceKey instance, String pool, Reading reading, Instant now) {
    Map<String, Reading> pools =
        byService
            .computeIfAbsent(instance.service(), s -> new HashMap<>())
            .computeIfAbsent(instance, k -> new TreeMap<>());
    pools.put(pool, reading);
    refresh(instance, pools, now);
  }

  /**
   * The fresh ratios of {@code service}'s instances at {@code now}, in no particular order, and the
   * first evidence found that threads cannot help.
   */
  ServiceDemand service(String service, Instant now) {
    Map<InstanceKey, Map<String, Reading>> instances = byService.getOrDefault(service, Map.of());
    Map<InstanceKey, Double> fresh = new HashMap<>();
    String evidence = null;
    for (Iterator<Map.Entry<InstanceKey, Map<String, Reading>>> it =
            instances.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<InstanceKey, Map<String, Reading>> entry = it.next();
      if (!refresh(entry.getKey(), entry.getValue(), now)) {
        it.remove();
        continue;
      }
      fresh.put(entry.getKey(), ratios.get(entry.getKey()));
      if (evidence == null) {
        for (Reading reading : entry.getValue().values()) {
          if (reading.cannotHelp()) {
            evidence = reading.evidence();
            break;
          }
        }
      }
    }
    if (instances.isEmpty()) {
      byService.remove(service);
    }
    return new ServiceDemand(fresh, Optional.ofNullable(evidence));
  }

  /** Drops every reading older than the freshness window, and instances left with none. */
  void dropStale(Instant now) {
    for (Iterator<Map<InstanceKey, Map<String, Reading>>> services = byService.values().iterator();
        services.hasNext(); ) {
      Map<InstanceKey, Map<String, Reading>> instances = services.next();
      instances.entrySet().removeIf(entry -> !refresh(entry.getKey(), entry.getValue(), now));
      if (instances.isEmpty()) {
        services.remove();
      }
    }
  }

  /** Forgets an instance that stopped. */
  void forget(InstanceKey instance) {
    Map<InstanceKey, Map<String, Reading>> instances = byService.get(instance.service());
    if (instances != null) {
      instances.remove(instance);
      if (instances.isEmpty()) {
        byService.remove(instance.service());
      }
    }
    ratios.remove(instance);
  }

  /** Each instance's ratio as last worked out; safe to read from any thread. */
  Map<InstanceKey, Double> ratios() {
    return Map.copyOf(ratios);
  }

  /**
   * Drops {@code pools}' stale readings and republishes the instance's ratio; false when none is
   * left.
   */
  private boolean refresh(InstanceKey instance, Map<String, Reading> pools, Instant now) {
    Instant oldest = now.minus(fresh);
    double highest = Double.NEGATIVE_INFINITY;
    for (Iterator<Reading> it = pools.values().iterator(); it.hasNext(); ) {
      Reading reading = it.next();
      if (reading.at().isBefore(oldest)) {
        it.remove();
      } else {
        highest = Math.max(highest, reading.ratio());
      }
    }
    if (pools.isEmpty()) {
      ratios.remove(instance);
      return false;
    }
    ratios.put(instance, highest);
    return true;
  }
}
