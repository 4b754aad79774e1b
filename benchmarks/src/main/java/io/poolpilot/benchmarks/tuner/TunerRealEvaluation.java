package io.poolpilot.benchmarks.tuner;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 14's real-JVM evaluation: the tuner judged on real processes through the production path
 * (the shipped agent jar in a real service, the shipped sidecar jar in {@code auto}), against the
 * application's own pool size and the best of a sweep of static sizes, through the phases of a
 * {@link LoadPlan}. Each repetition runs every variant once, in an order rotated per repetition, so
 * that drift in the machine's other load falls on all of them alike.
 *
 * <p>{@code TunerRealEvaluation [--short] [--agent jar] [--sidecar jar] [--work-dir dir]}: prints a
 * line per run, the tables, and last {@code tuner-real: goodput_vs_best_static=<min over phases>
 * p99_vs_default=<max over phases> reversals_per_min=<max over tuner runs>}.
 */
public final class TunerRealEvaluation {
  /**
   * The latency an answer must come within to count as goodput: the sidecar's queue-wait objective
   * (50 ms, the tuner's default) plus the request's own work uncrowded (35 ms) plus 15 ms for HTTP
   * and the load generator on a shared machine.
   */
  static final long OBJECTIVE_MILLIS = 100;

  static final int APPLICATION_THREADS = 16;

  /** What to run: the repetitions, the static sizes swept, and the plan. */
  record Settings(int repetitions, List<Integer> sweep, LoadPlan plan) {
    static final Settings FULL = new Settings(3, List.of(2, 4, 8), LoadPlan.withPhasesOf(14, 4));
    static final Settings SHORT = new Settings(1, List.of(4), LoadPlan.withPhasesOf(5, 3));
  }

  private TunerRealEvaluation() {}

  public static void main(String[] args) throws Exception {
    Settings settings = Settings.FULL;
    Path agent = Path.of("agent/target/poolpilot-agent.jar");
    Path sidecar = Path.of("sidecar/target/poolpilot-sidecar.jar");
    Path workDir = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--short" -> settings = Settings.SHORT;
        case "--agent" -> agent = Path.of(value(args, ++i));
        case "--sidecar" -> sidecar = Path.of(value(args, ++i));
        case "--work-dir" -> workDir = Path.of(value(args, ++i));
        default -> {
          System.err.println(
              "unknown argument '"
                  + args[i]
                  + "'; usage: TunerRealEvaluation [--short] [--agent jar] [--sidecar jar]"
                  + " [--work-dir dir]");
          System.exit(2);
        }
      }
    }
    if (workDir == null) {
      workDir = Files.createTempDirectory("tuner-real");
    }
    run(settings, new RealRun(agent, sidecar, workDir), System.out);
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }

  /** Runs every repetition and prints the tables and the summary line; returns every run. */
  static List<RunResult> run(Settings settings, RealRun runner, PrintStream out) throws Exception {
    Variant appDefault = Variant.applicationDefault(APPLICATION_THREADS);
    List<Variant> variants = new ArrayList<>();
    variants.add(Variant.tuner(APPLICATION_THREADS));
    variants.add(appDefault);
    settings.sweep().forEach(size -> variants.add(Variant.fixed(size)));
    out.printf(
        Locale.ROOT,
        "tuner-real: %d repetitions of %s; phases %s, %.0f s a run; goodput = 2xx answers within"
            + " %d ms a second%n",
        settings.repetitions(),
        variants.stream().map(Variant::label).toList(),
        settings.plan().groups(),
        settings.plan().totalSeconds(),
        OBJECTIVE_MILLIS);
    Map<Variant, List<RunResult>> runs = new LinkedHashMap<>();
    variants.forEach(v -> runs.put(v, new ArrayList<>()));
    for (int r = 1; r <= settings.repetitions(); r++) {
      for (int k = 0; k < variants.size(); k++) {
        Variant variant = variants.get((k + r - 1) % variants.size());
        RunResult result = runner.run(variant, r, settings.plan());
        runs.get(variant).add(result);
        out.println(ResultTables.runLine(result));
        out.flush();
      }
    }
    List<List<RunResult>> statics =
        variants.stream().filter(v -> !v.tuned()).map(runs::get).toList();
    List<RunResult> tunerRuns = runs.get(variants.get(0));
    List<Comparison> comparisons = new ArrayList<>();
    for (String group : settings.plan().groups()) {
      comparisons.add(Comparison.of(group, tunerRuns, statics, appDefault));
    }
    ResultTables.print(out, variants, runs, comparisons);
    out.println(ResultTables.summaryLine(comparisons, tunerRuns));
    out.flush();
    List<RunResult> all = new ArrayList<>();
    runs.values().forEach(all::addAll);
    return all;
  }
}
