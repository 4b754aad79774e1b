package io.poolpilot.benchmarks.tuner;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;

/** The evaluation's output: a line per run, the per-variant table, the verdicts, the summary. */
final class ResultTables {
  private ResultTables() {}

  static String runLine(RunResult run) {
    String phases =
        run.phases().stream()
            .map(
                p ->
                    String.format(
                        Locale.ROOT,
                        "%s goodput=%.1f/s p99=%.0fms refused=%d threads_end=%d",
                        p.group(),
                        p.goodput(),
                        p.p99Millis(),
                        p.refused(),
                        p.threadsAtEnd()))
            .collect(Collectors.joining("; "));
    return String.format(
        Locale.ROOT,
        "run r=%d %s: resizes=%d reversals_per_min=%.1f send_lag_p99_ms=%.1f | %s",
        run.repetition(),
        run.variant().label(),
        run.resizes(),
        run.reversalsPerMinute(),
        run.sendLagP99Millis(),
        phases);
  }

  static void print(
      PrintStream out,
      List<Variant> variants,
      Map<Variant, List<RunResult>> runs,
      List<Comparison> comparisons) {
    out.println();
    out.println("Goodput (answers within the objective a second) and p99, median over repetitions");
    out.println("[min-max]:");
    out.println();
    StringBuilder header = new StringBuilder("| variant |");
    StringBuilder rule = new StringBuilder("|---|");
    for (Comparison c : comparisons) {
      header
          .append(' ')
          .append(c.group())
          .append(" goodput | ")
          .append(c.group())
          .append(" p99 ms |");
      rule.append("---:|---:|");
    }
    out.println(header);
    out.println(rule);
    for (Variant variant : variants) {
      StringBuilder row = new StringBuilder("| " + variant.label() + " |");
      for (Comparison c : comparisons) {
        List<PhaseResult> results =
            runs.get(variant).stream().map(run -> run.phase(c.group())).toList();
        row.append(
            String.format(
                Locale.ROOT,
                " %.1f [%.1f-%.1f] | %.0f [%.0f-%.0f] |",
                Comparison.median(results, PhaseResult::goodput),
                Comparison.min(results, PhaseResult::goodput),
                Comparison.max(results, PhaseResult::goodput),
                Comparison.median(results, PhaseResult::p99Millis),
                Comparison.min(results, PhaseResult::p99Millis),
                Comparison.max(results, PhaseResult::p99Millis)));
      }
      out.println(row);
    }
    out.println();
    out.println(
        "| phase | best static | goodput tuner / best static | p99 tuner / default | tuner threads at"
            + " end | reversals in phase | verdict |");
    out.println("|---|---|---:|---:|---|---|---|");
    for (Comparison c : comparisons) {
      out.printf(
          Locale.ROOT,
          "| %s | %s | %.3f | %.3f | %s | %s | %s |%n",
          c.group(),
          c.bestStatic().label(),
          c.goodputRatio(),
          c.p99Ratio(),
          c.tuner().stream().map(p -> String.valueOf(p.threadsAtEnd())).toList(),
          c.tuner().stream().map(p -> String.valueOf(p.reversals())).toList(),
          verdict(c));
    }
    out.println();
  }

  private static String verdict(Comparison c) {
    String goodput =
        c.goodputRatio() >= Comparison.GOODPUT_TARGET
            ? "goodput ok"
            : c.worseGoodput() ? "goodput WORSE" : "goodput below target, within spread";
    String p99 =
        c.p99Ratio() <= Comparison.P99_TARGET
            ? "p99 ok"
            : c.worseP99() ? "p99 WORSE" : "p99 above target, within spread";
    return goodput + "; " + p99;
  }

  /**
   * The last line. A phase whose ratio has no value (nothing answered in any repetition of one
   * side) is left out of the minimum or maximum; the tables show it as NaN.
   */
  static String summaryLine(List<Comparison> comparisons, List<RunResult> tunerRuns) {
    double goodput = finite(comparisons, Comparison::goodputRatio).min().orElse(Double.NaN);
    double p99 = finite(comparisons, Comparison::p99Ratio).max().orElse(Double.NaN);
    double reversals =
        tunerRuns.stream().mapToDouble(RunResult::reversalsPerMinute).max().orElse(Double.NaN);
    return String.format(
        Locale.ROOT,
        "tuner-real: goodput_vs_best_static=%.3f p99_vs_default=%.3f reversals_per_min=%.1f",
        goodput,
        p99,
        reversals);
  }

  private static DoubleStream finite(
      List<Comparison> comparisons, ToDoubleFunction<Comparison> ratio) {
    return comparisons.stream().mapToDouble(ratio).filter(Double::isFinite);
  }
}
