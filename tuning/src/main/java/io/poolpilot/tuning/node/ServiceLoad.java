package io.poolpilot.tuning.node;

import java.util.Objects;

/**
 * One service's side of a period on the node, summed over its instances there.
 *
 * @param service the service's name
 * @param serviceClass its declared class ({@link ServiceClass#STANDARD} when undeclared)
 * @param weight its share against services of the same class, at least 1
 * @param demandPerSecond tasks arriving per second at its request pools (arrivals, not completions:
 *     a capped service's completions fall to its cap, its demand does not)
 * @param cpuSecondsPerTask the process CPU one completed task costs; 0 when unknown
 * @param usedCores processors the service's processes used in the period
 * @param busyThreads threads of its capped pools running a task at the period's end
 * @param threads the most threads its capped pools may hold now (their maximum sizes, summed)
 * @param quotaCores the processors it may use at most (its {@code cpu.count}, a quota rounded up)
 * @param missingObjective whether it missed its latency objective in the period
 */
public record ServiceLoad(
    String service,
    ServiceClass serviceClass,
    int weight,
    double demandPerSecond,
    double cpuSecondsPerTask,
    double usedCores,
    double busyThreads,
    int threads,
    int quotaCores,
    boolean missingObjective) {

  public ServiceLoad {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(serviceClass, "serviceClass");
    if (weight < 1) {
      throw new IllegalArgumentException(service + ": weight " + weight + " must be at least 1");
    }
    requireNonNegative(service, "demandPerSecond", demandPerSecond);
    requireNonNegative(service, "cpuSecondsPerTask", cpuSecondsPerTask);
    requireNonNegative(service, "usedCores", usedCores);
    requireNonNegative(service, "busyThreads", busyThreads);
    if (threads < 0) {
      throw new IllegalArgumentException(service + ": threads " + threads + " is negative");
    }
    if (quotaCores < 1) {
      throw new IllegalArgumentException(
          service + ": quotaCores " + quotaCores + " must be at least 1");
    }
  }

  /**
   * The processors the service would use if nothing held it back: its demand times its CPU per
   * task, or what it used where that is unknown, never more than its quota.
   */
  public double needCores() {
    double need =
        demandPerSecond > 0 && cpuSecondsPerTask > 0
            ? demandPerSecond * cpuSecondsPerTask
            : usedCores;
    return Math.min(need, quotaCores);
  }

  private static void requireNonNegative(String service, String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          service + ": " + name + " " + value + " must be a finite number >= 0");
    }
  }
}
