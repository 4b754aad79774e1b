package io.poolpilot.sidecar.model;

import io.poolpilot.tuning.telemetry.ProcessReading;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The latest CPU and GC telemetry of every process, kept as the agent exports it: the recent CPU
 * gauges as last reported and cumulative counts of GC time and CPU quota periods, each in a {@link
 * CountAccumulator} like a pool's counters (so a delta exporter's counts are added up the same way,
 * and a total that would pass what a double holds starts a new series rather than failing), so that
 * the decision loop can take the figures of any interval between two of its readings ({@link
 * io.poolpilot.tuning.telemetry.ProcessFigures}).
 *
 * <p>As in the {@link PoolModel}, a process whose agent proved itself is the agent's alone: figures
 * in its name from any other sender are refused, and figures recorded before the agent's first are
 * dropped. At most {@link #MAX_PROCESSES} processes of each kind of sender are kept: a new one
 * beyond that replaces the one of its kind that reported longest ago (with one sidecar per pod, a
 * process long gone), so an unverified sender never pushes out an agent's figures; which one that
 * is is known without looking at the others, so a stream of new processes costs no more at the
 * bound.
 */
public final class ProcessModel {
  /** A sidecar serves a pod, not a fleet: this many processes is years of restarts. */
  static final int MAX_PROCESSES = 4096;

  /**
   * Each kind of sender's processes, the one heard from longest ago first: a process moves to the
   * end each time it reports, so the one to replace at the bound is the first, found without a
   * scan. A process is in at most one of them.
   */
  private final Map<Sender, LinkedHashMap<InstanceKey, State>> processes =
      new EnumMap<>(Sender.class);

  public ProcessModel() {
    for (Sender sender : Sender.values()) {
      processes.put(sender, new LinkedHashMap<>());
    }
  }

  private static final class State {
    long timeUnixNano;
    double cpuUtilization;
    double systemCpuUtilization;
    boolean cpuReported;
    int processors;
    final CountAccumulator gcSeconds = new CountAccumulator();
    final CountAccumulator cpuPeriods = new CountAccumulator();
    final CountAccumulator throttledPeriods = new CountAccumulator();

    ProcessReading reading() {
      return new ProcessReading(
          timeUnixNano,
          cpuUtilization,
          systemCpuUtilization,
          processors,
          gcSeconds.total(),
          cpuPeriods.total(),
          throttledPeriods.total());
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
    if (sender == Sender.UNVERIFIED && processes.get(Sender.AGENT).containsKey(report.key())) {
      return false;
    }
    if (sender == Sender.AGENT) {
      // The agent proved itself: what was recorded in its name before is no one's to trust.
      processes.get(Sender.UNVERIFIED).remove(report.key());
    }
    LinkedHashMap<InstanceKey, State> own = processes.get(sender);
    State state = own.remove(report.key());
    if (state == null) {
      state = new State();
      if (own.size() >= MAX_PROCESSES) {
        own.remove(own.keySet().iterator().next());
      }
    }
    own.put(report.key(), state);
    apply(state, report);
    return true;
  }

  private static void apply(State state, ProcessReport report) {
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
    report.gcSeconds().ifPresent(state.gcSeconds::accept);
    if (report.cpuPeriods().isPresent() && report.throttledPeriods().isPresent()) {
      state.cpuPeriods.accept(report.cpuPeriods().get());
      state.throttledPeriods.accept(report.throttledPeriods().get());
    }
    long time = report.timeUnixNano();
    if (time > state.timeUnixNano) {
      state.timeUnixNano = time;
    }
  }

  /** What the process's agent last reported of it; empty if its agent never did. */
  public synchronized Optional<ProcessReading> reading(InstanceKey key) {
    State state = processes.get(Sender.AGENT).get(key);
    return state == null ? Optional.empty() : Optional.of(state.reading());
  }

  /**
   * The process's latest CPU use, 0 to 1 of its processors, for the pools' history; empty if it
   * never reported any.
   */
  public synchronized OptionalDouble cpuUtilization(InstanceKey key) {
    State state = processes.get(Sender.AGENT).get(key);
    if (state == null) {
      state = processes.get(Sender.UNVERIFIED).get(key);
    }
    return state == null || !state.cpuReported
        ? OptionalDouble.empty()
        : OptionalDouble.of(state.cpuUtilization);
  }

  /** Forgets a process, once it expired. */
  public synchronized void forget(InstanceKey key) {
    processes.values().forEach(own -> own.remove(key));
  }

  synchronized int size() {
    return processes.values().stream().mapToInt(Map::size).sum();
  }

  private static double fraction(double value) {
    return Double.isFinite(value) ? Math.max(0, Math.min(1, value)) : 0;
  }
}
