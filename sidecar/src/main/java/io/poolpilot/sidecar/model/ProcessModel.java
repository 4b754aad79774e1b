package io.poolpilot.sidecar.model;

import io.poolpilot.tuning.telemetry.CumulativeCount;
import io.poolpilot.tuning.telemetry.ProcessReading;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The latest CPU and GC telemetry of every process, kept as the agent exports it: the recent CPU
 * gauges as last reported and cumulative counts of GC time and CPU quota periods (delta points are
 * added up, as in {@link CountAccumulator}), so that the decision loop can take the figures of any
 * interval between two of its readings ({@link io.poolpilot.tuning.telemetry.ProcessFigures}).
 *
 * <p>As in the {@link PoolModel}, a process whose agent proved itself is the agent's alone: figures
 * in its name from any other sender are refused, and figures recorded before the agent's first are
 * dropped. At most {@link #MAX_PROCESSES} processes of each kind of sender are kept: a new one
 * beyond that replaces the one of its kind heard from longest ago (with one sidecar per pod, a
 * process long gone), so an unverified sender never pushes out an agent's figures.
 */
public final class ProcessModel {
  /** A sidecar serves a pod, not a fleet: this many processes is years of restarts. */
  static final int MAX_PROCESSES = 4096;

  private final Map<InstanceKey, State> processes = new HashMap<>();

  private static final class State {
    Sender sender;
    long timeUnixNano;
    double cpuUtilization;
    double systemCpuUtilization;
    boolean cpuReported;
    int processors;
    CumulativeCount gcSeconds = CumulativeCount.NONE;
    CumulativeCount cpuPeriods = CumulativeCount.NONE;
    CumulativeCount throttledPeriods = CumulativeCount.NONE;

    ProcessReading reading() {
      return new ProcessReading(
          timeUnixNano,
          cpuUtilization,
          systemCpuUtilization,
          processors,
          gcSeconds,
          cpuPeriods,
          throttledPeriods);
    }
  }

  /** Takes one export's readings from the process's agent. */
  public void record(ProcessReport report) {
    record(report, Sender.AGENT);
  }

  /**
   * Takes one export's readings.
   *
   * @return false if they were refused: the process belongs to an agent and {@code sender} is not
   *     it
   */
  public synchronized boolean record(ProcessReport report, Sender sender) {
    if (report.isEmpty()) {
      return true;
    }
    State state = processes.get(report.key());
    if (state != null && state.sender != sender) {
      if (sender == Sender.UNVERIFIED) {
        return false;
      }
      processes.remove(report.key());
      state = null;
    }
    if (state == null) {
      if (processes.values().stream().filter(s -> s.sender == sender).count() >= MAX_PROCESSES) {
        processes.entrySet().stream()
            .filter(e -> e.getValue().sender == sender)
            .min(Comparator.comparingLong(e -> e.getValue().timeUnixNano))
            .map(Map.Entry::getKey)
            .ifPresent(processes::remove);
      }
      state = new State();
      state.sender = sender;
      processes.put(report.key(), state);
    }
    if (report.cpuUtilization().isPresent()) {
      state.cpuUtilization = fraction(report.cpuUtilization().getAsDouble());
      state.cpuReported = true;
    }
    if (report.systemCpuUtilization().isPresent()) {
      state.systemCpuUtilization = fraction(report.systemCpuUtilization().getAsDouble());
    }
    if (report.processors().isPresent()) {
      state.processors =
          (int)
              Math.min(
                  Integer.MAX_VALUE, Math.max(0, Math.round(report.processors().getAsDouble())));
    }
    long start = report.startTimeUnixNano();
    if (report.gcSeconds().isPresent()) {
      state.gcSeconds = add(state.gcSeconds, report, report.gcSeconds().getAsDouble(), start);
    }
    if (report.cpuPeriods().isPresent() && report.throttledPeriods().isPresent()) {
      state.cpuPeriods = add(state.cpuPeriods, report, report.cpuPeriods().getAsDouble(), start);
      state.throttledPeriods =
          add(state.throttledPeriods, report, report.throttledPeriods().getAsDouble(), start);
    }
    if (report.timeUnixNano() > state.timeUnixNano) {
      state.timeUnixNano = report.timeUnixNano();
    }
    return true;
  }

  /** The next cumulative count: the reported one, or the running total plus a delta. */
  private static CumulativeCount add(
      CumulativeCount total, ProcessReport report, double value, long start) {
    if (!Double.isFinite(value) || value < 0) {
      return total;
    }
    if (!report.delta()) {
      return new CumulativeCount(start, value);
    }
    return new CumulativeCount(total.startUnixNano(), total.count() + value);
  }

  /** What the process's agent last reported of it; empty if its agent never did. */
  public synchronized Optional<ProcessReading> reading(InstanceKey key) {
    State state = processes.get(key);
    return state == null || state.sender != Sender.AGENT
        ? Optional.empty()
        : Optional.of(state.reading());
  }

  /**
   * The process's latest CPU use, 0 to 1 of its processors, for the pools' history; empty if it
   * never reported any.
   */
  public synchronized OptionalDouble cpuUtilization(InstanceKey key) {
    State state = processes.get(key);
    return state == null || !state.cpuReported
        ? OptionalDouble.empty()
        : OptionalDouble.of(state.cpuUtilization);
  }

  /** Forgets a process, once it expired. */
  public synchronized void forget(InstanceKey key) {
    processes.remove(key);
  }

  synchronized int size() {
    return processes.size();
  }

  private static double fraction(double value) {
    return Double.isFinite(value) ? Math.max(0, Math.min(1, value)) : 0;
  }
}
