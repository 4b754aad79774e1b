package io.poolpilot.tuning.node;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One service's part of an allocation.
 *
 * @param needCores processors it would use unhindered ({@link ServiceLoad#needCores()})
 * @param reservedCores what it claims: its need, with headroom for a class that others are capped
 *     for
 * @param shareCores processors allocated to it
 * @param usedCores processors it used in the period
 * @param threadCap the most threads each of its capped pools may hold; empty when uncapped
 * @param cappedFor the higher-class services it is capped for, empty when uncapped
 */
public record ServiceShare(
    String service,
    ServiceClass serviceClass,
    int weight,
    double needCores,
    double reservedCores,
    double shareCores,
    double usedCores,
    OptionalInt threadCap,
    List<String> cappedFor) {

  public ServiceShare {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(serviceClass, "serviceClass");
    Objects.requireNonNull(threadCap, "threadCap");
    cappedFor = List.copyOf(cappedFor);
  }

  public boolean capped() {
    return threadCap.isPresent();
  }
}
