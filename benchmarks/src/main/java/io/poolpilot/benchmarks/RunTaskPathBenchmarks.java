package io.poolpilot.benchmarks;

import java.io.File;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.ListStatistics;

/**
 * Runs {@link ExecutorTaskPathBenchmark} without and with the PoolPilot agent in one run, one fork
 * at a time, interleaved (A B, then B A, ...), so drift on a shared machine hits both variants
 * alike. Each fork runs with the GC profiler; at the end the forks of each variant are pooled and
 * summarised with JMH's own statistics (mean and 99.9% confidence interval over all measurement
 * iterations, as JMH prints for a multi-fork run), followed by the difference per fork pair.
 *
 * <p>Settings, as system properties of this launcher (never {@code poolpilot.*}, which the agent
 * would read as its own keys):
 *
 * <ul>
 *   <li>{@code bench.agent} (or environment {@code BENCH_AGENT}): path of {@code
 *       poolpilot-agent.jar}; required.
 *   <li>{@code bench.agentArgs}: agent arguments, default {@code endpoint=http://127.0.0.1:9}, a
 *       port where nothing listens, so export fails fast and stays out of the measurement.
 *   <li>{@code bench.forks} (3), {@code bench.warmup} (5), {@code bench.iterations} (5): per
 *       variant; iterations last one second.
 *   <li>{@code bench.methods}: comma-separated benchmark methods, default all.
 *   <li>{@code bench.components} (true), {@code bench.componentForks} (2): afterwards, run {@link
 *       TaskPathComponentsBenchmark} without the agent, to show where the cost goes.
 * </ul>
 */
public final class RunTaskPathBenchmarks {
  private static final String[] METHODS = {"nanoTimePair", "queuedBatch", "streamingBatch"};
  private static final List<String> BASE_JVM_ARGS = List.of("-Xms512m", "-Xmx512m");

  private RunTaskPathBenchmarks() {}

  /** One measure of one benchmark method in one variant: all iterations, and each fork's mean. */
  private static final class Metric {
    final ListStatistics pooled = new ListStatistics();
    final List<Double> forkMeans = new ArrayList<>();
    ListStatistics fork = new ListStatistics();

    void add(double value) {
      pooled.addValue(value);
      fork.addValue(value);
    }

    void endFork() {
      forkMeans.add(fork.getN() > 0 ? fork.getMean() : Double.NaN);
      fork = new ListStatistics();
    }

    double mean() {
      return pooled.getN() > 0 ? pooled.getMean() : Double.NaN;
    }

    double error() {
      return pooled.getN() > 2 ? pooled.getMeanErrorAt(0.999) : Double.NaN;
    }
  }

  /** Wall time (JMH's score), process CPU time and allocation per operation. */
  private static final class Scores {
    final Metric time = new Metric();
    final Metric cpu = new Metric();
    final Metric alloc = new Metric();
  }

  public static void main(String[] args) throws RunnerException {
    String agent = setting("bench.agent", "BENCH_AGENT", null);
    if (agent == null || !new File(agent).isFile()) {
      System.err.println(
          "set -Dbench.agent=/path/to/poolpilot-agent.jar (or BENCH_AGENT); got " + agent);
      System.exit(2);
    }
    String agentArgs = System.getProperty("bench.agentArgs", "endpoint=http://127.0.0.1:9");
    int forks = Integer.getInteger("bench.forks", 3);
    int warmup = Integer.getInteger("bench.warmup", 5);
    int iterations = Integer.getInteger("bench.iterations", 5);
    String[] methods = System.getProperty("bench.methods", String.join(",", METHODS)).split(",");

    List<String> agentJvmArgs = new ArrayList<>(BASE_JVM_ARGS);
    agentJvmArgs.add("-javaagent:" + new File(agent).getAbsolutePath() + "=" + agentArgs);
    Map<String, List<String>> variants = new LinkedHashMap<>();
    variants.put("none", BASE_JVM_ARGS);
    variants.put("poolpilot", agentJvmArgs);
    List<String> names = new ArrayList<>(variants.keySet());

    Map<String, Scores> scores = new LinkedHashMap<>();
    for (int fork = 0; fork < forks; fork++) {
      for (String method : methods) {
        // A B, B A, A B ...: neither variant always runs first.
        for (int v = 0; v < names.size(); v++) {
          String variant = names.get(fork % 2 == 0 ? v : names.size() - 1 - v);
          System.out.printf(
              Locale.ROOT, "%n### fork %d/%d  %s  %s%n", fork + 1, forks, method, variant);
          Options options =
              new OptionsBuilder()
                  .include(
                      Pattern.quote(ExecutorTaskPathBenchmark.class.getName())
                          + "\\."
                          + method
                          + "$")
                  .forks(1)
                  .threads(1)
                  .warmupIterations(warmup)
                  .warmupTime(TimeValue.seconds(1))
                  .measurementIterations(iterations)
                  .measurementTime(TimeValue.seconds(1))
                  .jvmArgs(variants.get(variant).toArray(new String[0]))
                  .addProfiler(GCProfiler.class)
                  .addProfiler(ProcessCpuProfiler.class)
                  .shouldFailOnError(true)
                  .build();
          Collection<RunResult> results = new Runner(options).run();
          record(scores.computeIfAbsent(method + " " + variant, k -> new Scores()), results);
        }
      }
    }
    printSummary(methods, names, scores, forks, warmup, iterations);
    if (Boolean.parseBoolean(System.getProperty("bench.components", "true"))) {
      runComponents(Integer.getInteger("bench.componentForks", 2));
    }
  }

  /** The pieces of the agent's task path, without the agent: where its cost goes. */
  private static void runComponents(int forks) throws RunnerException {
    System.out.printf(
        Locale.ROOT, "%n### %s, no agent%n", TaskPathComponentsBenchmark.class.getName());
    Options options =
        new OptionsBuilder()
            .include(Pattern.quote(TaskPathComponentsBenchmark.class.getName()) + "\\.")
            .forks(forks)
            .threads(1)
            .warmupIterations(3)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(5)
            .measurementTime(TimeValue.seconds(1))
            .jvmArgs(BASE_JVM_ARGS.toArray(new String[0]))
            .addProfiler(GCProfiler.class)
            .addProfiler(ProcessCpuProfiler.class)
            .shouldFailOnError(true)
            .build();
    Collection<RunResult> results = new Runner(options).run();
    System.out.printf(
        Locale.ROOT,
        "%n## Pieces of the agent's per-task path (%d forks x 5 iterations, no agent)%n%n",
        forks);
    System.out.println("| piece | wall ns/op | ± error | CPU ns/op | ± error | alloc B/op |");
    System.out.println("|---|---|---|---|---|---|");
    for (RunResult run : results) {
      Result primary = run.getPrimaryResult();
      Result alloc = null;
      Result cpu = null;
      for (Map.Entry<String, Result> e : run.getSecondaryResults().entrySet()) {
        if (e.getKey().endsWith("gc.alloc.rate.norm")) {
          alloc = e.getValue();
        } else if (e.getKey().endsWith("cpu.time.norm")) {
          cpu = e.getValue();
        }
      }
      String label = run.getParams().getBenchmark();
      System.out.printf(
          Locale.ROOT,
          "| %s | %.1f | %.1f | %.1f | %.1f | %.1f |%n",
          label.substring(label.lastIndexOf('.') + 1),
          primary.getScore(),
          primary.getScoreError(),
          cpu == null ? Double.NaN : cpu.getScore(),
          cpu == null ? Double.NaN : cpu.getScoreError(),
          alloc == null ? Double.NaN : alloc.getScore());
    }
  }

  private static void record(Scores into, Collection<RunResult> results) {
    for (RunResult run : results) {
      for (BenchmarkResult benchmark : run.getBenchmarkResults()) {
        for (IterationResult iteration : benchmark.getIterationResults()) {
          into.time.add(iteration.getPrimaryResult().getScore());
          for (Map.Entry<String, Result> e : iteration.getSecondaryResults().entrySet()) {
            if (e.getKey().endsWith("gc.alloc.rate.norm")) {
              into.alloc.add(e.getValue().getScore());
            } else if (e.getKey().endsWith("cpu.time.norm")) {
              into.cpu.add(e.getValue().getScore());
            }
          }
        }
        into.time.endFork();
        into.cpu.endFork();
        into.alloc.endFork();
      }
    }
  }

  private static void printSummary(
      String[] methods,
      List<String> variants,
      Map<String, Scores> scores,
      int forks,
      int warmup,
      int iterations) {
    System.out.printf(
        Locale.ROOT,
        "%n## Summary: %d forks x (%d warm-up + %d measurement iterations of 1 s) per variant;"
            + " ± = 99.9%% confidence interval over all measurement iterations (JMH's"
            + " statistics); wall = JMH's score, CPU = process CPU time; all per operation"
            + " (per task for the batch benchmarks)%n%n",
        forks,
        warmup,
        iterations);
    System.out.println(
        "| benchmark | variant | wall ns | per-fork wall ns | CPU ns | per-fork CPU ns |"
            + " alloc B |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (String method : methods) {
      for (String variant : variants) {
        Scores s = scores.get(method + " " + variant);
        if (s == null) {
          continue;
        }
        System.out.printf(
            Locale.ROOT,
            "| %s | %s | %.1f ± %.1f | %s | %.1f ± %.1f | %s | %.1f ± %.1f |%n",
            method,
            variant,
            s.time.mean(),
            s.time.error(),
            join(s.time.forkMeans),
            s.cpu.mean(),
            s.cpu.error(),
            join(s.cpu.forkMeans),
            s.alloc.mean(),
            s.alloc.error());
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%n## Added by the agent (%s minus %s): pooled means (± combined 99.9%% intervals),"
            + " ratio, and the difference within each interleaved fork pair%n%n",
        variants.get(1),
        variants.get(0));
    System.out.println(
        "| benchmark | added wall ns | wall ratio | per-pair wall ns | added CPU ns | CPU ratio |"
            + " per-pair CPU ns | added B |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (String method : methods) {
      Scores a = scores.get(method + " " + variants.get(0));
      Scores b = scores.get(method + " " + variants.get(1));
      if (a == null || b == null) {
        continue;
      }
      System.out.printf(
          Locale.ROOT,
          "| %s | %+.1f ± %.1f | %.2f | %s | %+.1f ± %.1f | %.2f | %s | %+.1f |%n",
          method,
          b.time.mean() - a.time.mean(),
          Math.hypot(a.time.error(), b.time.error()),
          b.time.mean() / a.time.mean(),
          join(differences(a.time, b.time)),
          b.cpu.mean() - a.cpu.mean(),
          Math.hypot(a.cpu.error(), b.cpu.error()),
          b.cpu.mean() / a.cpu.mean(),
          join(differences(a.cpu, b.cpu)),
          b.alloc.mean() - a.alloc.mean());
    }
  }

  private static List<Double> differences(Metric a, Metric b) {
    List<Double> pairs = new ArrayList<>();
    for (int i = 0; i < Math.min(a.forkMeans.size(), b.forkMeans.size()); i++) {
      pairs.add(b.forkMeans.get(i) - a.forkMeans.get(i));
    }
    return pairs;
  }

  private static String join(List<Double> values) {
    StringBuilder out = new StringBuilder();
    for (double v : values) {
      if (out.length() > 0) {
        out.append(", ");
      }
      out.append(String.format(Locale.ROOT, "%.1f", v));
    }
    return out.toString();
  }

  private static String setting(String property, String env, String fallback) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      value = System.getenv(env);
    }
    return value == null || value.isBlank() ? fallback : value;
  }
}
