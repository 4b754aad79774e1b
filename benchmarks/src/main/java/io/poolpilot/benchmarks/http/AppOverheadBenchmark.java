package io.poolpilot.benchmarks.http;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * What the agents cost a real application, spring-petclinic-rest ({@link
 * AppUnderTest#petclinicRest}), measured as {@link HttpOverheadBenchmark} measures its small
 * service: start-up to the first served request over interleaved launches, then CPU, allocation and
 * latency per request at a fixed open-loop rate over interleaved runs, and memory and threads; no
 * agent, PoolPilot and the OpenTelemetry Java agent, both exporting OTLP to a local sink. Ends with
 * the verdict against the targets and the {@link OverheadSummary} line.
 *
 * <p>Settings: {@code bench.app} (the application's jar, required) and those of {@link
 * BenchmarkSettings}, whose defaults for this benchmark are {@link RunPlan#APP}.
 */
public final class AppOverheadBenchmark {
  private AppOverheadBenchmark() {}

  public static void main(String[] args) throws Exception {
    String jar = System.getProperty("bench.app", "").trim();
    if (jar.isEmpty() || !Files.isRegularFile(Path.of(jar))) {
      System.err.println(
          "app-overhead: -Dbench.app=/path/to/spring-petclinic-rest.jar is required; got '"
              + jar
              + "'");
      System.exit(2);
    }
    BenchmarkSettings settings =
        HttpOverheadBenchmark.settingsOrExit(RunPlan.APP, RunPlan.APP_SHORT);
    Map<String, VariantResults> results =
        new HttpOverheadBenchmark(
                settings, AppUnderTest.petclinicRest(Path.of(jar).toAbsolutePath()))
            .run();
    OverheadSummary summary = OverheadSummary.of(results);
    printVerdict(summary, System.out);
    System.out.println(summary.line(settings.plan().name()));
  }

  /**
   * The targets for PoolPilot on a real application, each against this run's figure, named
   * by its {@link OverheadSummary} key: start-up at most +500 ms and at most a tenth of what the
   * OpenTelemetry agent adds; CPU and allocation per request added below the OpenTelemetry agent's;
   * p99 within 5% of no agent; at most +40 MiB resident and +4 threads, counted in all and outside
   * the request pool, whose size follows recent load.
   */
  static void printVerdict(OverheadSummary s, PrintStream out) {
    atMost(s, out, "startup_added_ms", 500);
    atMost(s, out, "startup_vs_otel", 0.1);
    belowOtel(s, out, "cpu_us_per_req_added");
    belowOtel(s, out, "alloc_kb_per_req_added");
    atMost(s, out, "p99_ratio", 1.05);
    atMost(s, out, "rss_added_mib", 40);
    atMost(s, out, "threads_added", 4);
    atMost(s, out, "other_threads_added", 4);
  }

  private static void atMost(OverheadSummary s, PrintStream out, String key, double limit) {
    verdict(out, key + " <= " + limit, s.get(key) <= limit, s.get(key));
  }

  private static void belowOtel(OverheadSummary s, PrintStream out, String key) {
    verdict(out, key + " < otel_" + key, s.get(key) < s.get("otel_" + key), s.get(key));
  }

  private static void verdict(PrintStream out, String target, boolean met, double value) {
    out.printf(Locale.ROOT, "target %s: %.3g -> %s%n", target, value, met ? "met" : "MISSED");
  }
}
