package io.poolpilot.tuning.sim;

import java.util.List;
import java.util.Objects;

/**
 * Everything the simulator needs to replay one workload against a pool: the machine, the optional
 * downstream, the pool's queue and starting size, the phases of load, and the objectives a task is
 * judged by.
 *
 * @param name short name for tables
 * @param machine processors and per-thread costs
 * @param downstream the limited-concurrency resource tasks call, or {@link Downstream#NONE}
 * @param queueCapacity tasks the pool's queue holds before it rejects
 * @param initialSize the pool's size when the run starts
 * @param minSize the smallest size the tuner and the static references may use: the floor a
 *     request-serving pool keeps so that one slow request cannot block every request behind it (1
 *     where there is none)
 * @param maxSize the largest size any controller may set
 * @param waitObjectiveSeconds queue-wait objective: a task that waited longer missed it
 * @param latencyObjectiveSeconds submit-to-end objective: a task that took longer missed it, so
 *     moving the waiting from the pool's queue into the threads is no gain
 * @param controlPeriodSeconds how often the controller is asked
 * @param phases the load, in order
 */
public record Scenario(
    String name,
    Machine machine,
    Downstream downstream,
    int queueCapacity,
    int initialSize,
    int minSize,
    int maxSize,
    double waitObjectiveSeconds,
    double latencyObjectiveSeconds,
    double controlPeriodSeconds,
    List<Phase> phases) {

  /** A scenario without a floor: any size from 1 may be used. */
  public Scenario(
      String name,
      Machine machine,
      Downstream downstream,
      int queueCapacity,
      int initialSize,
      int maxSize,
      double waitObjectiveSeconds,
      double latencyObjectiveSeconds,
      double controlPeriodSeconds,
      List<Phase> phases) {
    this(
        name,
        machine,
        downstream,
        queueCapacity,
        initialSize,
        1,
        maxSize,
        waitObjectiveSeconds,
        latencyObjectiveSeconds,
        controlPeriodSeconds,
        phases);
  }

  public Scenario {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(machine, "machine");
    Objects.requireNonNull(downstream, "downstream");
    phases = List.copyOf(phases);
    if (phases.isEmpty()) {
      throw new IllegalArgumentException("scenario " + name + " has no phases");
    }
    if (queueCapacity < 0 || minSize < 1 || initialSize < minSize || maxSize < initialSize) {
      throw new IllegalArgumentException(
          "scenario "
              + name
              + ": queueCapacity "
              + queueCapacity
              + ", minSize "
              + minSize
              + ", initialSize "
              + initialSize
              + ", maxSize "
              + maxSize
              + " must satisfy capacity >= 0 and 1 <= min <= initial <= max");
    }
    if (!(waitObjectiveSeconds > 0 && latencyObjectiveSeconds > 0 && controlPeriodSeconds > 0)) {
      throw new IllegalArgumentException(
          "scenario " + name + ": objectives and period must be > 0");
    }
  }

  /** The same scenario with the pool starting at {@code size} threads. */
  public Scenario withInitialSize(int size) {
    return new Scenario(
        name,
        machine,
        downstream,
        queueCapacity,
        size,
        Math.min(minSize, size),
        Math.max(size, maxSize),
        waitObjectiveSeconds,
        latencyObjectiveSeconds,
        controlPeriodSeconds,
        phases);
  }

  /** The first {@code count} phases only. */
  public Scenario truncated(int count) {
    return new Scenario(
        name,
        machine,
        downstream,
        queueCapacity,
        initialSize,
        minSize,
        maxSize,
        waitObjectiveSeconds,
        latencyObjectiveSeconds,
        controlPeriodSeconds,
        phases.subList(0, count));
  }

  /** Length of all phases together. */
  public double seconds() {
    return phases.stream().mapToDouble(Phase::seconds).sum();
  }

  /** Seconds from the start at which phase {@code index} begins. */
  public double phaseStart(int index) {
    double start = 0;
    for (int i = 0; i < index; i++) {
      start += phases.get(i).seconds();
    }
    return start;
  }

  /** The index of the phase running at {@code seconds} from the start; the last one after it. */
  public int phaseAt(double seconds) {
    double end = 0;
    for (int i = 0; i < phases.size(); i++) {
      end += phases.get(i).seconds();
      if (seconds < end) {
        return i;
      }
    }
    return phases.size() - 1;
  }
}
