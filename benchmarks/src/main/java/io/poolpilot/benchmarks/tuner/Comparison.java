package io.poolpilot.benchmarks.tuner;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One phase's verdict over the repetitions: the tuner against the best static size (on goodput) and
 * against the application's own size (on p99). Ratios are of medians over repetitions; a phase
 * counts as <em>worse</em> only when the ratio misses the target and the ranges over repetitions do
 * not overlap (the tuner's best repetition is still worse than the other's worst), so that the
 * machine's noise, which the spread measures, is not charged to the tuner.
 *
 * @param bestStatic the static variant with the highest median goodput in this phase
 */
record Comparison(
    String group,
    List<PhaseResult> tuner,
    Variant bestStatic,
    List<PhaseResult> best,
    List<PhaseResult> applicationDefault) {
  static final double GOODPUT_TARGET = 0.95;
  static final double P99_TARGET = 1.10;

  /** Picks the best static variant for {@code group} among {@code statics} (same order as runs). */
  static Comparison of(
      String group, List<RunResult> tunerRuns, List<List<RunResult>> statics, Variant appDefault) {
    List<PhaseResult> tuner = phase(tunerRuns, group);
    List<RunResult> bestRuns =
        statics.stream()
            .max(
                Comparator.comparingDouble(
                    runs -> median(phase(runs, group), PhaseResult::goodput)))
            .orElseThrow();
    List<RunResult> defaultRuns =
        statics.stream()
            .filter(runs -> runs.get(0).variant().equals(appDefault))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no runs of " + appDefault));
    return new Comparison(
        group, tuner, bestRuns.get(0).variant(), phase(bestRuns, group), phase(defaultRuns, group));
  }

  private static List<PhaseResult> phase(List<RunResult> runs, String group) {
    return runs.stream().map(run -> run.phase(group)).toList();
  }

  double goodputRatio() {
    return median(tuner, PhaseResult::goodput) / median(best, PhaseResult::goodput);
  }

  double p99Ratio() {
    return median(tuner, PhaseResult::p99Millis)
        / median(applicationDefault, PhaseResult::p99Millis);
  }

  /** Below target, and the tuner's best repetition below the best static's worst. */
  boolean worseGoodput() {
    return goodputRatio() < GOODPUT_TARGET
        && max(tuner, PhaseResult::goodput) < min(best, PhaseResult::goodput);
  }

  /** Above target, and the tuner's best (lowest) p99 above the default's worst (highest). */
  boolean worseP99() {
    return p99Ratio() > P99_TARGET
        && min(tuner, PhaseResult::p99Millis) > max(applicationDefault, PhaseResult::p99Millis);
  }

  /**
   * The median over the repetitions that have a value: a phase in which a run answered nothing has
   * no p99 (NaN), and one such repetition must not make the whole phase unreadable.
   */
  static double median(List<PhaseResult> results, ToDoubleFunction<PhaseResult> value) {
    double[] values = finite(results, value);
    int n = values.length;
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  static double min(List<PhaseResult> results, ToDoubleFunction<PhaseResult> value) {
    return Arrays.stream(finite(results, value)).min().orElse(Double.NaN);
  }

  static double max(List<PhaseResult> results, ToDoubleFunction<PhaseResult> value) {
    return Arrays.stream(finite(results, value)).max().orElse(Double.NaN);
  }

  private static double[] finite(List<PhaseResult> results, ToDoubleFunction<PhaseResult> value) {
    return results.stream().mapToDouble(value).filter(Double::isFinite).sorted().toArray();
  }
}
