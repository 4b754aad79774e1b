package io.poolpilot.tuning.sim;

import java.util.List;

/** A finished run: every control period and every phase's outcome. */
public record SimulationResult(
    Scenario scenario, long seed, List<PeriodRecord> periods, List<PhaseOutcome> phases) {

  public SimulationResult {
    periods = List.copyOf(periods);
    phases = List.copyOf(phases);
  }

  /** Good tasks per second over the whole scenario. */
  public double goodput() {
    return phases.stream().mapToLong(PhaseOutcome::good).sum() / scenario.seconds();
  }

  /** The size in effect during each period of phase {@code phase}, in order. */
  public List<Integer> sizesOf(int phase) {
    int from = phaseStartPeriod(phase);
    int to = phaseEndPeriod(phase);
    return periods.stream()
        .filter(p -> p.index() >= from && p.index() < to)
        .map(PeriodRecord::size)
        .toList();
  }

  /** Index of the first control period of phase {@code phase}. */
  public int phaseStartPeriod(int phase) {
    return (int) Math.round(scenario.phaseStart(phase) / scenario.controlPeriodSeconds());
  }

  /** Index one past the last control period of phase {@code phase}. */
  public int phaseEndPeriod(int phase) {
    return phase + 1 < scenario.phases().size()
        ? phaseStartPeriod(phase + 1)
        : (int) Math.round(scenario.seconds() / scenario.controlPeriodSeconds());
  }
}
