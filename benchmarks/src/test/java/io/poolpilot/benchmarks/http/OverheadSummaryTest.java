package io.poolpilot.benchmarks.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OverheadSummaryTest {

  @Test
  void comparesEachAgentWithNoAgentWithinRoundsAndFootprintsByDifference() {
    Map<String, VariantResults> results = new LinkedHashMap<>();
    results.put(Variant.NONE, variant(List.of(10_000.0, 12_000.0, 11_000.0), 300, 20, 2.0, 50, 40));
    results.put(
        Variant.POOLPILOT, variant(List.of(10_400.0, 12_600.0, 11_300.0), 310, 21, 2.1, 80, 43));
    results.put(
        Variant.OTEL, variant(List.of(16_000.0, 18_000.0, 17_000.0), 400, 60, 2.4, 350, 52));

    OverheadSummary summary = OverheadSummary.of(results);

    // Start-up differences per round: 400, 600, 300 and 6000, 6000, 6000.
    assertThat(summary.get("startup_ms")).isEqualTo(11_000);
    assertThat(summary.get("startup_added_ms")).isEqualTo(400);
    assertThat(summary.get("otel_startup_added_ms")).isEqualTo(6_000);
    assertThat(summary.get("startup_vs_otel")).isCloseTo(400.0 / 6_000, within(1e-12));
    assertThat(summary.get("cpu_us_per_req_added")).isCloseTo(10, within(1e-9));
    assertThat(summary.get("otel_alloc_kb_per_req_added")).isCloseTo(40, within(1e-9));
    assertThat(summary.get("p99_ratio")).isCloseTo(1.05, within(1e-9));
    assertThat(summary.get("rss_added_mib")).isEqualTo(30);
    assertThat(summary.get("otel_threads_added")).isEqualTo(12);
    assertThat(summary.line("app-overhead"))
        .startsWith(
            "app-overhead: startup_ms=11000 startup_added_ms=400 otel_startup_added_ms=6000")
        .contains(" startup_vs_otel=0.0667 ", " p99_ratio=1.05 ", " threads_added=3 ");
  }

  @Test
  void givesNaNForAVariantThatWasNotRunAndRefusesUnknownKeys() {
    Map<String, VariantResults> results = new LinkedHashMap<>();
    results.put(Variant.NONE, variant(List.of(1_000.0), 300, 20, 2.0, 50, 40));
    results.put(Variant.POOLPILOT, variant(List.of(1_100.0), 310, 21, 2.1, 80, 43));

    OverheadSummary summary = OverheadSummary.of(results);

    assertThat(summary.get("otel_cpu_us_per_req_added")).isNaN();
    assertThat(summary.line("x")).contains(" otel_rss_added_mib=NaN");
    assertThatThrownBy(() -> summary.get("nonsense"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'nonsense'");
  }

  private static VariantResults variant(
      List<Double> startup, double cpu, double kb, double p99, double rss, int threads) {
    VariantResults r = new VariantResults();
    r.startupMillis.addAll(startup);
    for (int i = 0; i < 3; i++) {
      r.cpuMicrosPerRequest.add(cpu);
      r.allocatedKbPerRequest.add(kb);
      r.p50Millis.add(p99 / 2);
      r.p99Millis.add(p99);
    }
    r.footprint = new ProcStat.Footprint(rss, threads, 0);
    return r;
  }
}
