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
 * BenchmarkSettings}, whose defaults for this benchmark are {@link BenchmarkSettings#APP}.
 */
public final class AppOverheadBenchmark {
  static final double TARGET_STARTUP_ADDED_MS = 500;
  static final double TARGET_STARTUP_SHARE_OF_OTEL = 0.1;
  static final double TARGET_P99_RATIO = 1.05;
  static final double TARGET_RSS_ADDED_MIB = 40;
  static final double TARGET_THREADS_ADDED = 4;

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
        HttpOverheadBenchmark.settingsOrExit(BenchmarkSettings.APP, BenchmarkSettings.APP_SHORT);
    Map<String, VariantResults> results =
        new HttpOverheadBenchmark(
                settings, AppUnderTest.petclinicRest(Path.of(jar).toAbsolutePath()))
            .run();
    OverheadSummary summary = OverheadSummary.of(results);
    printVerdict(summary, System.out);
    System.out.println(summary.line(settings.name()));
  }

  /** The targets for PoolPilot on a real application, each against this run's figures. */
  static void printVerdict(OverheadSummary s, PrintStream out) {
    target(
        out,
        "start-up added <= +500 ms",
        s.get("startup_added_ms") <= TARGET_STARTUP_ADDED_MS,
        "%+.0f ms",
        s.get("startup_added_ms"));
    target(
        out,
        "start-up added <= 1/10 of OpenTelemetry's",
        s.get("startup_vs_otel") <= TARGET_STARTUP_SHARE_OF_OTEL,
        "%.2f of %+.0f ms",
        s.get("startup_vs_otel"),
        s.get("otel_startup_added_ms"));
    target(
        out,
        "CPU per request added below OpenTelemetry's",
        s.get("cpu_us_per_req_added") < s.get("otel_cpu_us_per_req_added"),
        "%+.1f us vs %+.1f us",
        s.get("cpu_us_per_req_added"),
        s.get("otel_cpu_us_per_req_added"));
    target(
        out,
        "allocation per request added below OpenTelemetry's",
        s.get("alloc_kb_per_req_added") < s.get("otel_alloc_kb_per_req_added"),
        "%+.1f KB vs %+.1f KB",
        s.get("alloc_kb_per_req_added"),
        s.get("otel_alloc_kb_per_req_added"));
    target(
        out,
        "p99 within 5% of no agent",
        s.get("p99_ratio") <= TARGET_P99_RATIO,
        "x%.3f",
        s.get("p99_ratio"));
    target(
        out,
        "RSS added <= 40 MiB",
        s.get("rss_added_mib") <= TARGET_RSS_ADDED_MIB,
        "%+.1f MiB",
        s.get("rss_added_mib"));
    target(
        out,
        "threads added <= 4",
        s.get("threads_added") <= TARGET_THREADS_ADDED,
        "%+.0f",
        s.get("threads_added"));
  }

  private static void target(
      PrintStream out, String what, boolean met, String format, Object... figures) {
    out.printf(
        Locale.ROOT,
        "target: %s: %s -> %s%n",
        what,
        String.format(Locale.ROOT, format, figures),
        met ? "met" : "MISSED");
  }
}
