package io.poolpilot.sidecar.model;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The latest CPU and GC figures of every process, turned from counts into shares of the interval
 * between two exports: GC seconds per second, throttled periods per elapsed period. Only the latest
 * readings are kept per process, and at most {@link #MAX_PROCESSES} processes: a new one beyond
 * that replaces the one heard from longest ago, which with one sidecar per pod is a process long
 * gone.
 */
public final class ProcessModel {
  /** A sidecar serves a pod, not a fleet: this many processes is years of restarts. */
  static final int MAX_PROCESSES = 4096;

  private final Map<InstanceKey, State> processes = new HashMap<>();

  private static final class State {
    long timeUnixNano;
    double gcSeconds = Double.NaN;
    double cpuPeriods = Double.NaN;
    double throttledPeriods = Double.NaN;
    double cpuUtilization;
    double systemCpuUtilization;
    boolean cpuReported;
    int processors;
    double gcTimeFraction;
    double throttledFraction;
  }

  /** Takes one export's readings. */
  public synchronized void record(ProcessReport report) {
    if (report.isEmpty()) {
      return;
    }
    State state = processes.get(report.key());
    if (state == null) {
      if (processes.size() >= MAX_PROCESSES) {
        processes.entrySet().stream()
            .min(java.util.Comparator.comparingLong(e -> e.getValue().timeUnixNano))
            .map(Map.Entry::getKey)
            .ifPresent(processes::remove);
      }
      state = new State();
      processes.put(report.key(), state);
    }
    double seconds =
        state.timeUnixNano == 0 || report.timeUnixNano() <= state.timeUnixNano
            ? 0
            : (report.timeUnixNano() - state.timeUnixNano) / 1e9;
    if (report.cpuUtilization().isPresent()) {
      state.cpuUtilization = fraction(report.cpuUtilization().getAsDouble());
      state.cpuReported = true;
    }
    if (report.systemCpuUtilization().isPresent()) {
      state.systemCpuUtilization = fraction(report.systemCpuUtilization().getAsDouble());
    }
    if (report.processors().isPresent()) {
      state.processors = (int) Math.max(0, Math.round(report.processors().getAsDouble()));
    }
    if (report.gcSeconds().isPresent()) {
      double gc = report.gcSeconds().getAsDouble();
      double spent = report.delta() ? gc : gc - state.gcSeconds;
      if (seconds > 0 && !Double.isNaN(spent)) {
        state.gcTimeFraction = fraction(spent / seconds);
      }
      state.gcSeconds = report.delta() ? Double.NaN : gc;
    }
    if (report.cpuPeriods().isPresent() && report.throttledPeriods().isPresent()) {
      double periods = report.cpuPeriods().getAsDouble();
      double throttled = report.throttledPeriods().getAsDouble();
      double elapsed = report.delta() ? periods : periods - state.cpuPeriods;
      double held = report.delta() ? throttled : throttled - state.throttledPeriods;
      if (elapsed > 0 && !Double.isNaN(held)) {
        state.throttledFraction = fraction(held / elapsed);
      }
      state.cpuPeriods = report.delta() ? Double.NaN : periods;
      state.throttledPeriods = report.delta() ? Double.NaN : throttled;
    }
    if (report.timeUnixNano() > state.timeUnixNano) {
      state.timeUnixNano = report.timeUnixNano();
    }
  }

  /** The process's figures over its latest interval, if it ever reported any. */
  public synchronized Optional<ProcessSnapshot> snapshot(InstanceKey key) {
    State state = processes.get(key);
    return state == null
        ? Optional.empty()
        : Optional.of(
            new ProcessSnapshot(
                state.cpuUtilization,
                state.processors,
                state.gcTimeFraction,
                state.throttledFraction,
                state.systemCpuUtilization));
  }

  /**
   * The process's latest CPU use, 0 to 1 of its processors, for the pools' history; empty if it
   * never reported any (where {@link #snapshot} says 0 for the tuner).
   */
  public synchronized OptionalDouble cpuUtilization(InstanceKey key) {
    State state = processes.get(key);
    return state == null || !state.cpuReported
        ? OptionalDouble.empty()
        : OptionalDouble.of(state.cpuUtilization);
  }

  synchronized int size() {
    return processes.size();
  }

  private static double fraction(double value) {
    return Double.isFinite(value) ? Math.max(0, Math.min(1, value)) : 0;
  }
}
