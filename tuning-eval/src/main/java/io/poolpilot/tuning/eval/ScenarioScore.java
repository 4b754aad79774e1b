package io.poolpilot.tuning.eval;

import java.util.List;
import java.util.OptionalInt;

/** One controller's scores on one scenario, over all its seeds. */
record ScenarioScore(Contender contender, List<RunScore> runs) {

  ScenarioScore {
    runs = List.copyOf(runs);
  }

  double goodputRatio() {
    return runs.stream().mapToDouble(RunScore::goodputRatio).average().orElse(0);
  }

  double informedRatio() {
    return runs.stream().mapToDouble(RunScore::informedRatio).average().orElse(0);
  }

  /** The most reversals per minute of any seed. */
  double maxReversalsPerMinute() {
    return runs.stream().mapToDouble(RunScore::reversalsPerMinute).max().orElse(0);
  }

  /** The most reversals in any 60 s of any seed. */
  int worstMinuteReversals() {
    return runs.stream().mapToInt(RunScore::worstMinuteReversals).max().orElse(0);
  }

  double threadsRatio() {
    return runs.stream().mapToDouble(RunScore::threadsRatio).average().orElse(0);
  }

  /** The slowest convergence of any step on any seed; -1 without steps. */
  int maxConvergence() {
    return runs.stream()
        .flatMap(r -> r.convergence().stream())
        .mapToInt(Integer::intValue)
        .max()
        .orElse(-1);
  }

  /** The median convergence over all steps and seeds; -1 without steps. */
  int medianConvergence() {
    List<Integer> sorted = runs.stream().flatMap(r -> r.convergence().stream()).sorted().toList();
    return sorted.isEmpty() ? -1 : sorted.get((sorted.size() - 1) / 2);
  }

  /** The widest steady oscillation of any phase on any seed; -1 without steady phases. */
  double maxOscillation() {
    return runs.stream()
        .flatMap(r -> r.oscillation().stream())
        .mapToDouble(Double::doubleValue)
        .max()
        .orElse(-1);
  }

  /** Mean size changes per minute in the steady halves of the phases. */
  double resizesPerMinute() {
    return runs.stream().mapToDouble(RunScore::resizesPerMinute).average().orElse(0);
  }

  /** Per seed, the first "needs capacity" in the unservable phases; empty entries never raised. */
  List<OptionalInt> capacityDelays() {
    return runs.stream().flatMap(r -> r.capacityDelay().stream()).toList();
  }

  int falseCapacityPeriods() {
    return runs.stream().mapToInt(RunScore::falseCapacityPeriods).sum();
  }
}
