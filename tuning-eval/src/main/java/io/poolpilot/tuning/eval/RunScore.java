package io.poolpilot.tuning.eval;

import io.poolpilot.tuning.sim.PeriodRecord;
import io.poolpilot.tuning.sim.SimulationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The scores of one controller on one scenario and seed, against the oracle on the same seed.
 *
 * @param goodputRatio good tasks per second over the oracle's
 * @param informedRatio good tasks per second over the informed controller's ({@link
 *     InformedController}): how much of what a measuring controller can reach this one reached
 * @param convergence per step (phase boundary), control periods until the size stays within {@code
 *     max(1 thread, 10%)} of where it settles (the median of the phase's second half)
 * @param oscillation per steady phase, half the range of the size over its second half, as a share
 *     of its median (0.1 = ±10%)
 * @param threadsRatio mean pool size over the oracle's, in the phases a pool can serve (in the
 *     others no size does better than another, so the oracle's size there means nothing)
 * @param capacityDelay per unservable phase, periods from its start to the first "needs capacity",
 *     empty when never raised
 * @param reversalsPerMinute resizes in the opposite direction of the pool's previous resize, per
 *     minute of the whole run (not only the steady halves: flapping after a step counts)
 * @param worstMinuteReversals the most reversals in any 60 s of the run
 * @param falseCapacityPeriods periods "needs capacity" was raised in a servable phase, the first
 *     {@value #DRAIN_GRACE_PERIODS} periods after an unservable phase excepted (its backlog is
 *     still draining)
 */
record RunScore(
    double goodputRatio,
    double informedRatio,
    List<Integer> convergence,
    List<Double> oscillation,
    double resizesPerMinute,
    double threadsRatio,
    List<OptionalInt> capacityDelay,
    double reversalsPerMinute,
    int worstMinuteReversals,
    int falseCapacityPeriods) {

  static final int DRAIN_GRACE_PERIODS = 10;
  static final double BAND = 0.10;
  static final int HOLD_PERIODS = 10;

  static RunScore of(
      EvaluationScenario evaluated,
      SimulationResult run,
      SimulationResult oracle,
      SimulationResult informed) {
    List<Integer> convergence = new ArrayList<>();
    List<Double> oscillation = new ArrayList<>();
    int resizes = 0;
    int steadyPeriods = 0;
    int phases = evaluated.scenario().phases().size();
    for (int phase = 0; phase < phases; phase++) {
      if (!evaluated.stepped() || evaluated.unservablePhases().contains(phase)) {
        continue;
      }
      List<Integer> sizes = run.sizesOf(phase);
      if (phase > 0) {
        convergence.add(convergence(sizes));
      }
      oscillation.add(oscillation(sizes));
      List<Integer> steady = sizes.subList(sizes.size() / 2, sizes.size());
      for (int i = 1; i < steady.size(); i++) {
        resizes += steady.get(i).equals(steady.get(i - 1)) ? 0 : 1;
      }
      steadyPeriods += steady.size();
    }
    double minutes = steadyPeriods * evaluated.scenario().controlPeriodSeconds() / 60;
    List<Double> reversals = reversalTimes(run);
    return new RunScore(
        run.goodput() / oracle.goodput(),
        run.goodput() / informed.goodput(),
        convergence,
        oscillation,
        minutes > 0 ? resizes / minutes : 0,
        servableThreads(evaluated, run) / servableThreads(evaluated, oracle),
        capacityDelays(evaluated, run),
        reversals.size() / (evaluated.scenario().seconds() / 60),
        worstMinute(reversals),
        falseCapacity(evaluated, run));
  }

  /**
   * When the pool was resized in the opposite direction of its previous resize, in seconds from the
   * start: the size in effect in each period against the one before.
   */
  static List<Double> reversalTimes(SimulationResult run) {
    List<Double> times = new ArrayList<>();
    int lastDirection = 0;
    List<PeriodRecord> periods = run.periods();
    double period = run.scenario().controlPeriodSeconds();
    for (int i = 1; i < periods.size(); i++) {
      int direction = Integer.signum(periods.get(i).size() - periods.get(i - 1).size());
      if (direction == 0) {
        continue;
      }
      if (direction == -lastDirection) {
        times.add(periods.get(i).index() * period);
      }
      lastDirection = direction;
    }
    return times;
  }

  /** The most of {@code times} within any 60 s. */
  static int worstMinute(List<Double> times) {
    int worst = 0;
    int from = 0;
    for (int to = 0; to < times.size(); to++) {
      while (times.get(to) - times.get(from) >= 60) {
        from++;
      }
      worst = Math.max(worst, to - from + 1);
    }
    return worst;
  }

  private static double servableThreads(EvaluationScenario evaluated, SimulationResult run) {
    return java.util.stream.IntStream.range(0, evaluated.scenario().phases().size())
        .filter(phase -> !evaluated.unservablePhases().contains(phase))
        .flatMap(phase -> run.sizesOf(phase).stream().mapToInt(Integer::intValue))
        .average()
        .orElse(0);
  }

  private static int convergence(List<Integer> sizes) {
    double settled = median(sizes.subList(sizes.size() / 2, sizes.size()));
    double band = Math.max(1, BAND * settled);
    int inBand = 0;
    for (int i = 0; i < sizes.size(); i++) {
      inBand = Math.abs(sizes.get(i) - settled) <= band ? inBand + 1 : 0;
      if (inBand >= HOLD_PERIODS || (inBand > 0 && i == sizes.size() - 1)) {
        return i - inBand + 1;
      }
    }
    return sizes.size();
  }

  private static double oscillation(List<Integer> sizes) {
    List<Integer> steady = sizes.subList(sizes.size() / 2, sizes.size()).stream().sorted().toList();
    int low = steady.get((int) Math.floor(0.05 * (steady.size() - 1)));
    int high = steady.get((int) Math.ceil(0.95 * (steady.size() - 1)));
    return (high - low) / 2.0 / median(steady);
  }

  private static List<OptionalInt> capacityDelays(
      EvaluationScenario evaluated, SimulationResult run) {
    List<OptionalInt> delays = new ArrayList<>();
    for (int phase : evaluated.unservablePhases().stream().sorted().toList()) {
      int start = run.phaseStartPeriod(phase);
      OptionalInt first =
          run.periods().stream()
              .filter(p -> p.phase() == phase && p.capacityRaised())
              .mapToInt(p -> p.index() - start + 1)
              .findFirst();
      delays.add(first);
    }
    return delays;
  }

  private static int falseCapacity(EvaluationScenario evaluated, SimulationResult run) {
    int count = 0;
    for (PeriodRecord period : run.periods()) {
      if (!period.capacityRaised() || evaluated.unservablePhases().contains(period.phase())) {
        continue;
      }
      int previous = period.phase() - 1;
      boolean draining =
          previous >= 0
              && evaluated.unservablePhases().contains(previous)
              && period.index() - run.phaseStartPeriod(period.phase()) < DRAIN_GRACE_PERIODS;
      if (!draining) {
        count++;
      }
    }
    return count;
  }

  private static double median(List<Integer> values) {
    List<Integer> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }
}
