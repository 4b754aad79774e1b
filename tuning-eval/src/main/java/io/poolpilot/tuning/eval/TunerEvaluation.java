package io.poolpilot.tuning.eval;

import io.poolpilot.tuning.sim.SimulationResult;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs every scenario of {@link Scenarios} on each of its seeds with every {@link Contender},
 * scores them against the per-phase oracle and prints the tables of {@code docs/tuning.md}, ending
 * with the summary line for the PoolPilot tuner.
 *
 * <p>The line is {@code tuner-eval: min_ratio=<x> mean_ratio=<y> max_convergence_periods=<n>
 * min_vs_informed=<z> max_reversals_per_min=<r>}: the first three against the oracle as before,
 * {@code min_vs_informed} the lowest over scenarios of the tuner's goodput over the {@link
 * InformedController}'s (mean over seeds), and {@code max_reversals_per_min} the most reversals per
 * minute of simulated time over every scenario and seed.
 */
public final class TunerEvaluation {

  private TunerEvaluation() {}

  /**
   * Runs the evaluation; {@code --seeds 101,202,303} replaces every scenario's seeds, to check the
   * tuner on random streams it was not developed on; {@code --scenarios step,overload} runs only
   * those (the tables' target lines then speak for them alone).
   */
  public static void main(String[] args) {
    long started = System.nanoTime();
    Map<String, String> options = options(args);
    List<Long> seeds =
        options.containsKey("--seeds")
            ? Arrays.stream(options.get("--seeds").split(","))
                .map(String::trim)
                .map(Long::valueOf)
                .toList()
            : List.of();
    List<String> only =
        options.containsKey("--scenarios")
            ? Arrays.stream(options.get("--scenarios").split(",")).map(String::trim).toList()
            : List.of();
    List<ScenarioResult> results = new ArrayList<>();
    for (EvaluationScenario evaluated : Scenarios.all()) {
      if (!only.isEmpty() && !only.contains(evaluated.name())) {
        continue;
      }
      results.add(evaluate(seeds.isEmpty() ? evaluated : evaluated.withSeeds(seeds)));
    }
    PrintStream out = System.out;
    new ResultTable(results).print(out);
    out.printf(
        Locale.ROOT,
        "(%d scenarios in %.1f s)%n",
        results.size(),
        (System.nanoTime() - started) / 1e9);
    out.println(summaryLine(results));
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new java.util.HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length || !(args[i].equals("--seeds") || args[i].equals("--scenarios"))) {
        throw new IllegalArgumentException(
            "arguments "
                + List.of(args)
                + ": expected none, --seeds <n>,<n>,<n> and/or --scenarios <name>,<name>");
      }
      options.put(args[i], args[i + 1]);
    }
    return options;
  }

  /** Runs one scenario on all its seeds with every contender. */
  static ScenarioResult evaluate(EvaluationScenario evaluated) {
    List<References> references = new ArrayList<>();
    Map<Contender, List<RunScore>> runs = new EnumMap<>(Contender.class);
    for (long seed : evaluated.seeds()) {
      References reference = References.of(evaluated.scenario(), seed);
      references.add(reference);
      SimulationResult informed = Contender.INFORMED.run(evaluated.scenario(), seed, reference);
      for (Contender contender : Contender.values()) {
        SimulationResult run =
            contender == Contender.INFORMED
                ? informed
                : contender.run(evaluated.scenario(), seed, reference);
        runs.computeIfAbsent(contender, c -> new ArrayList<>())
            .add(RunScore.of(evaluated, run, reference.oracle(), informed));
      }
    }
    Map<Contender, ScenarioScore> scores = new EnumMap<>(Contender.class);
    runs.forEach((contender, list) -> scores.put(contender, new ScenarioScore(contender, list)));
    return new ScenarioResult(evaluated, references, scores);
  }

  /** The last line of the evaluation's output, for scripts and the docs. */
  static String summaryLine(List<ScenarioResult> results) {
    double min = Double.MAX_VALUE;
    double sum = 0;
    int convergence = 0;
    double minInformed = Double.MAX_VALUE;
    double reversals = 0;
    for (ScenarioResult result : results) {
      ScenarioScore tuner = result.score(Contender.POOLPILOT);
      min = Math.min(min, tuner.goodputRatio());
      sum += tuner.goodputRatio();
      convergence = Math.max(convergence, tuner.maxConvergence());
      minInformed = Math.min(minInformed, tuner.informedRatio());
      reversals = Math.max(reversals, tuner.maxReversalsPerMinute());
    }
    return String.format(
        Locale.ROOT,
        "tuner-eval: min_ratio=%.3f mean_ratio=%.3f max_convergence_periods=%d"
            + " min_vs_informed=%.3f max_reversals_per_min=%.1f",
        min,
        sum / results.size(),
        convergence,
        minInformed,
        reversals);
  }
}
