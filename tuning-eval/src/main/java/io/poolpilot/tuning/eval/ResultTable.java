package io.poolpilot.tuning.eval;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The evaluation's tables and target checks, in Markdown so they can go into the docs as they are.
 */
final class ResultTable {

  static final double GOODPUT_TARGET = 0.95;
  static final double INFORMED_TARGET = 0.97;
  static final int REVERSALS_TARGET = 2;
  static final int MEDIAN_CONVERGENCE_TARGET = 10;
  static final int WORST_CONVERGENCE_TARGET = 20;
  static final double CONFLICT_POINTS_TARGET = 10;
  static final int CONVERGENCE_TARGET = 10;
  static final double OSCILLATION_TARGET = 0.10;
  static final double THREADS_TARGET = 1.25;
  static final int CAPACITY_DELAY_TARGET = 15;

  private static final List<Contender> BASELINES =
      List.of(
          Contender.STATIC_DEFAULT,
          Contender.BEST_STATIC,
          Contender.GRADIENT2,
          Contender.HILL_CLIMBING,
          Contender.INFORMED,
          Contender.POOLPILOT);

  private final List<ScenarioResult> results;

  ResultTable(List<ScenarioResult> results) {
    this.results = List.copyOf(results);
  }

  void print(PrintStream out) {
    printTuner(out);
    printByContender(out, "Goodput / oracle", true);
    printByContender(out, "Threads / oracle", false);
    printReferences(out);
    printTargets(out);
  }

  private void printTuner(PrintStream out) {
    out.println(
        "### PoolPilot tuner (mean over seeds; worst seed for convergence and oscillation)");
    out.println();
    out.println(
        "| scenario | goodput / oracle | / informed | vs best static | convergence, median / worst (periods) | steady oscillation | resizes / min | reversals / min, worst 60 s | threads / oracle | needs capacity |");
    out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    for (ScenarioResult result : results) {
      ScenarioScore tuner = result.score(Contender.POOLPILOT);
      out.printf(
          Locale.ROOT,
          "| %s | %.3f | %.3f | %+.1f pts | %s | %s | %.1f | %.1f, %d | %.2f | %s |%n",
          result.evaluated().name(),
          tuner.goodputRatio(),
          tuner.informedRatio(),
          result.pointsOverBestStatic(),
          tuner.maxConvergence() < 0
              ? "n/a"
              : tuner.medianConvergence() + " / " + tuner.maxConvergence(),
          tuner.maxOscillation() < 0 ? "n/a" : "±" + percent(tuner.maxOscillation()),
          tuner.resizesPerMinute(),
          tuner.maxReversalsPerMinute(),
          tuner.worstMinuteReversals(),
          tuner.threadsRatio(),
          capacity(result, tuner));
    }
    out.println();
  }

  private void printByContender(PrintStream out, String title, boolean goodput) {
    out.println("### " + title + " by controller (mean over seeds)");
    out.println();
    out.println(
        "| scenario | "
            + BASELINES.stream().map(Contender::label).collect(Collectors.joining(" | "))
            + " |");
    out.println("|---|" + "---:|".repeat(BASELINES.size()));
    double[] sums = new double[BASELINES.size()];
    for (ScenarioResult result : results) {
      StringBuilder row = new StringBuilder("| " + result.evaluated().name() + " |");
      for (int i = 0; i < BASELINES.size(); i++) {
        ScenarioScore score = result.score(BASELINES.get(i));
        double value = goodput ? score.goodputRatio() : score.threadsRatio();
        sums[i] += value;
        row.append(String.format(Locale.ROOT, " %.3f |", value));
      }
      out.println(row);
    }
    StringBuilder mean = new StringBuilder("| **mean** |");
    for (double sum : sums) {
      mean.append(String.format(Locale.ROOT, " **%.3f** |", sum / results.size()));
    }
    out.println(mean);
    out.println();
  }

  private void printReferences(PrintStream out) {
    out.println("### References per seed: oracle size per phase, best single static size");
    out.println();
    out.println("| scenario | seed | oracle sizes | best static |");
    out.println("|---|---:|---|---:|");
    for (ScenarioResult result : results) {
      for (int i = 0; i < result.references().size(); i++) {
        References references = result.references().get(i);
        out.printf(
            Locale.ROOT,
            "| %s | %d | %s | %d |%n",
            result.evaluated().name(),
            result.evaluated().seeds().get(i),
            references.oracleSizes().stream()
                .map(String::valueOf)
                .collect(Collectors.joining(" → ")),
            references.bestStatic());
      }
    }
    out.println();
  }

  private void printTargets(PrintStream out) {
    out.println("### Targets");
    out.println();
    ScenarioResult worst = worstBy(r -> r.score(Contender.POOLPILOT).goodputRatio());
    double min = worst.score(Contender.POOLPILOT).goodputRatio();
    target(
        out,
        min >= GOODPUT_TARGET,
        String.format(
            Locale.ROOT,
            "≥ 0.95 of the oracle's goodput on every scenario: lowest %.3f (%s)",
            min,
            worst.evaluated().name()));
    ScenarioResult behind = worstBy(r -> r.score(Contender.POOLPILOT).informedRatio());
    double informed = behind.score(Contender.POOLPILOT).informedRatio();
    target(
        out,
        informed >= INFORMED_TARGET,
        String.format(
            Locale.ROOT,
            "≥ 0.97 of the informed controller's goodput on every scenario: lowest %.3f (%s)",
            informed,
            behind.evaluated().name()));
    ScenarioResult flappy = worstBy(r -> -r.score(Contender.POOLPILOT).worstMinuteReversals());
    int reversals = flappy.score(Contender.POOLPILOT).worstMinuteReversals();
    target(
        out,
        reversals <= REVERSALS_TARGET,
        "≤ 2 reversals a minute: worst "
            + reversals
            + " in 60 s ("
            + flappy.evaluated().name()
            + ")");
    results.stream()
        .filter(r -> r.evaluated().name().equals("conflicting"))
        .findFirst()
        .ifPresent(
            conflicting ->
                target(
                    out,
                    conflicting.pointsOverBestStatic() >= CONFLICT_POINTS_TARGET,
                    String.format(
                        Locale.ROOT,
                        "≥ 10 points above the best static size on the conflicting phases: %+.1f"
                            + " points",
                        conflicting.pointsOverBestStatic())));
    int convergence =
        results.stream()
            .mapToInt(r -> r.score(Contender.POOLPILOT).maxConvergence())
            .max()
            .orElse(0);
    int median =
        results.stream()
            .mapToInt(r -> r.score(Contender.POOLPILOT).medianConvergence())
            .max()
            .orElse(0);
    target(
        out,
        median <= MEDIAN_CONVERGENCE_TARGET && convergence <= WORST_CONVERGENCE_TARGET,
        "convergence ≤ 10 periods median and ≤ 20 worst: highest median "
            + median
            + ", worst "
            + convergence);
    target(
        out,
        convergence <= CONVERGENCE_TARGET,
        "convergence within 10 periods of every step (issue 5): worst " + convergence);
    ScenarioResult wobbly = worstBy(r -> -r.score(Contender.POOLPILOT).maxOscillation());
    double oscillation = wobbly.score(Contender.POOLPILOT).maxOscillation();
    target(
        out,
        oscillation <= OSCILLATION_TARGET,
        "steady oscillation within ±10%: worst ±"
            + percent(oscillation)
            + " ("
            + wobbly.evaluated().name()
            + ")");
    ScenarioResult fat = worstBy(r -> -r.score(Contender.POOLPILOT).threadsRatio());
    double threads = fat.score(Contender.POOLPILOT).threadsRatio();
    target(
        out,
        threads <= THREADS_TARGET,
        String.format(
            Locale.ROOT,
            "threads ≤ 1.25 × the oracle's: worst %.2f (%s)",
            threads,
            fat.evaluated().name()));
    double tuner = meanGoodput(Contender.POOLPILOT);
    double gradient = meanGoodput(Contender.GRADIENT2);
    double climbing = meanGoodput(Contender.HILL_CLIMBING);
    target(
        out,
        tuner > gradient && tuner > climbing,
        String.format(
            Locale.ROOT,
            "better mean than Gradient2 and the hill climber: %.3f vs %.3f and %.3f",
            tuner,
            gradient,
            climbing));
    printCapacityTarget(out);
    out.println();
  }

  private void printCapacityTarget(PrintStream out) {
    boolean timely = true;
    int falsePeriods = 0;
    StringBuilder delays = new StringBuilder();
    for (ScenarioResult result : results) {
      ScenarioScore tuner = result.score(Contender.POOLPILOT);
      falsePeriods += tuner.falseCapacityPeriods();
      for (OptionalInt delay : tuner.capacityDelays()) {
        timely &= delay.isPresent() && delay.getAsInt() <= CAPACITY_DELAY_TARGET;
        delays.append(delay.isPresent() ? delay.getAsInt() + " " : "never ");
      }
    }
    target(
        out,
        timely && falsePeriods == 0,
        "\"needs capacity\" within 15 periods of every unservable phase (periods per seed: "
            + delays.toString().trim()
            + ") and never elsewhere ("
            + falsePeriods
            + " periods raised elsewhere)");
  }

  private static void target(PrintStream out, boolean met, String text) {
    out.println("- " + (met ? "met" : "**missed**") + ": " + text);
  }

  private String capacity(ScenarioResult result, ScenarioScore tuner) {
    StringBuilder text = new StringBuilder();
    if (!result.evaluated().unservablePhases().isEmpty()) {
      text.append("after ")
          .append(
              tuner.capacityDelays().stream()
                  .map(d -> d.isPresent() ? Integer.toString(d.getAsInt()) : "never")
                  .collect(Collectors.joining("/")))
          .append(" periods");
    }
    int falsePeriods = tuner.falseCapacityPeriods();
    if (falsePeriods > 0) {
      text.append(text.length() > 0 ? "; " : "")
          .append("**falsely ")
          .append(falsePeriods)
          .append(" periods**");
    }
    return text.length() == 0 ? "never" : text.toString();
  }

  private double meanGoodput(Contender contender) {
    return results.stream().mapToDouble(r -> r.score(contender).goodputRatio()).average().orElse(0);
  }

  private ScenarioResult worstBy(java.util.function.ToDoubleFunction<ScenarioResult> value) {
    ScenarioResult worst = results.get(0);
    for (ScenarioResult result : results) {
      if (value.applyAsDouble(result) < value.applyAsDouble(worst)) {
        worst = result;
      }
    }
    return worst;
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
  }
}
