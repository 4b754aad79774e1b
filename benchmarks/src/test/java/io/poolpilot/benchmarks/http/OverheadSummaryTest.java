package io.poolpilot.benchmarks.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OverheadSummaryTest {

  @Test
  void comparesEachAgentWithNoAgentWithinRoundsAndFootprintsByDifference() {
    Map<String, VariantResults> results = new LinkedHashMap<>();
    results.put(
        Variant.NONE,
        variant(List.of(10_000.0, 12_000.0, 11_000.0), 300, 20, 2.0, 50, threads(20, List.of())));
    results.put(
        Variant.POOLPILOT,
        variant(
            List.of(10_400.0, 12_600.0, 11_300.0),
            310,
            21,
            2.1,
            80,
            threads(
                17,
                List.of(
                    "poolpilot-metrics",
                    "poolpilot-control",
                    "PeriodicMetricReader-1",
                    "BatchSpanProcessor_WorkerThread-1"))));
    results.put(
        Variant.OTEL,
        variant(
            List.of(16_000.0, 18_000.0, 17_000.0),
            400,
            60,
            2.4,
            350,
            threads(40, List.of("otel-a-1", "otel-a-2", "otel-a-3", "OkHttp TaskRunner"))));
    results.get(Variant.NONE).startupCpuMillis.addAll(List.of(20_000.0, 21_000.0, 22_000.0));
    results.get(Variant.POOLPILOT).startupCpuMillis.addAll(List.of(21_000.0, 21_500.0, 23_000.0));
    results.get(Variant.OTEL).startupCpuMillis.addAll(List.of(30_000.0, 31_000.0, 32_000.0));
    results.get(Variant.NONE).sendLagP99Micros.addAll(List.of(900.0, 3_000.0, 400.0));
    results.get(Variant.POOLPILOT).sendLagP99Micros.addAll(List.of(800.0, 700.0, 2_000.0));

    OverheadSummary summary = OverheadSummary.of(results);

    // Start-up differences per round: 400, 600, 300 and 6000, 6000, 6000.
    assertThat(summary.get("startup_ms")).isEqualTo(11_000);
    assertThat(summary.get("startup_added_ms")).isEqualTo(400);
    assertThat(summary.get("otel_startup_added_ms")).isEqualTo(6_000);
    assertThat(summary.get("startup_vs_otel")).isCloseTo(400.0 / 6_000, within(1e-12));
    assertThat(summary.get("cpu_us_per_req_added")).isCloseTo(10, within(1e-9));
    assertThat(summary.get("otel_alloc_kb_per_req_added")).isCloseTo(40, within(1e-9));
    assertThat(summary.get("p99_ratio")).isCloseTo(1.05, within(1e-9));
    // Resident memory after trim: 50, 80, 350; as read 40 more; NMT committed 100 less.
    assertThat(summary.get("rss_added_mib")).isEqualTo(30);
    assertThat(summary.get("otel_rss_added_mib")).isEqualTo(300);
    assertThat(summary.get("rss_plain_added_mib")).isEqualTo(30);
    assertThat(summary.get("nmt_committed_added_mib")).isEqualTo(30);
    // Threads: the four new kinds are PoolPilot's, its three fewer Tomcat workers the
    // application's.
    assertThat(summary.get("threads_added")).isEqualTo(4);
    assertThat(summary.get("app_threads_added")).isEqualTo(-3);
    assertThat(summary.get("otel_threads_added")).isEqualTo(4);
    assertThat(summary.get("otel_app_threads_added")).isEqualTo(20);
    assertThat(summary.get("other_threads_added")).isEqualTo(4);
    // Start-up CPU differences per round: 1000, 500, 1000 and 10000 in each.
    assertThat(summary.get("startup_cpu_ms")).isEqualTo(21_000);
    assertThat(summary.get("startup_cpu_added_ms")).isEqualTo(1_000);
    assertThat(summary.get("otel_startup_cpu_added_ms")).isEqualTo(10_000);
    // The median of every run's lag p99: 400, 700, 800, 900, 2000, 3000.
    assertThat(summary.get("send_lag_p99_us")).isEqualTo(850);
    assertThat(summary.line("app-overhead"))
        .startsWith(
            "app-overhead: startup_ms=11000 startup_added_ms=400 otel_startup_added_ms=6000")
        .contains(" startup_vs_otel=0.0667 ", " p99_ratio=1.05 ", " threads_added=4 ")
        .contains(" other_threads_added=4 otel_other_threads_added=4 send_lag_p99_us=850 ")
        .endsWith(" startup_cpu_added_ms=1000 otel_startup_cpu_added_ms=10000");
  }

  @Test
  void givesNaNForAVariantThatWasNotRunAndRefusesUnknownKeys() {
    Map<String, VariantResults> results = new LinkedHashMap<>();
    results.put(Variant.NONE, variant(List.of(1_000.0), 300, 20, 2.0, 50, threads(20, List.of())));
    results.put(
        Variant.POOLPILOT, variant(List.of(1_100.0), 310, 21, 2.1, 80, threads(20, List.of())));

    OverheadSummary summary = OverheadSummary.of(results);

    assertThat(summary.get("otel_cpu_us_per_req_added")).isNaN();
    assertThat(summary.line("x")).contains(" otel_rss_added_mib=NaN");
    assertThatThrownBy(() -> summary.get("nonsense"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'nonsense'");
  }

  /** Tomcat's {@code workers} and the named threads, as /proc shows their names. */
  private static ThreadCensus threads(int workers, List<String> more) {
    List<String> names = new ArrayList<>(more);
    for (int i = 1; i <= workers; i++) {
      names.add("http-nio-8080-exec-" + i);
    }
    return ThreadCensus.of(names);
  }

  private static VariantResults variant(
      List<Double> startup, double cpu, double kb, double p99, double rss, ThreadCensus census) {
    VariantResults r = new VariantResults();
    r.startupMillis.addAll(startup);
    for (int i = 0; i < 3; i++) {
      r.cpuMicrosPerRequest.add(cpu);
      r.allocatedKbPerRequest.add(kb);
      r.p50Millis.add(p99 / 2);
      r.p99Millis.add(p99);
    }
    int requestThreads = census.byKind().getOrDefault("http-nio-#-exec-#", 0);
    r.footprint =
        new ProcStat.Footprint(rss + 40, census.total(), requestThreads, rss - 100, rss, census);
    return r;
  }
}
