package io.poolpilot.sidecar.capacity;

import io.poolpilot.tuning.CapacitySignal;
import io.poolpilot.tuning.PoolObservation;
import java.time.Instant;
import java.util.Objects;

/**
 * What the tuner saw of one pool in one control period and what it concluded about capacity: the
 * inputs of {@link DemandRatio}. Built from the tuner's own observation so that the capacity side
 * never reads the model itself.
 *
 * @param arrivalsPerSecond tasks submitted per second
 * @param completionsPerSecond tasks ended per second
 * @param busyThreads threads running a task
 * @param maxSize the pool's maximum size
 * @param cpuSecondsPerTask process CPU per completed task, 0 when the CPU is not known
 * @param availableProcessors processors the process may use
 * @param signal the tuner's "needs capacity" signal ({@link CapacitySignal#NONE} when threads can
 *     still help)
 */
public record PoolDemand(
    String service,
    String instance,
    String pool,
    Instant at,
    double arrivalsPerSecond,
    double completionsPerSecond,
    double busyThreads,
    int maxSize,
    double cpuSecondsPerTask,
    int availableProcessors,
    CapacitySignal signal) {

  public PoolDemand {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(instance, "instance");
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(signal, "signal");
    if (maxSize < 1 || availableProcessors < 1) {
      throw new IllegalArgumentException(
          "maxSize "
              + maxSize
              + " and availableProcessors "
              + availableProcessors
              + " must be >= 1");
    }
  }

  /** The demand of the pool the tuner just decided on. */
  public static PoolDemand of(
      String service,
      String instance,
      Instant at,
      PoolObservation observation,
      CapacitySignal signal) {
    return new PoolDemand(
        service,
        instance,
        observation.pool(),
        at,
        observation.arrivalsPerSecond(),
        observation.completionsPerSecond(),
        observation.busyThreads(),
        observation.maxSize(),
        observation.cpuSecondsPerTask(),
        observation.availableProcessors(),
        signal);
  }

  /** Whether the tuner says threads cannot help (and so replicas might). */
  public boolean threadsCannotHelp() {
    return signal.raised();
  }
}
