package io.poolpilot.benchmarks.http;

import java.io.PrintStream;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tables of an overhead benchmark run: medians per variant, and for each agent the median of
 * its differences (or ratios) to no agent within each interleaved round, with their range; and the
 * HTTP benchmark's verdict.
 */
final class ResultTable {
  static final double TARGET_ADDED_MICROS = 10;
  static final double TARGET_SHARE_OF_OTEL = 0.25;

  private final BenchmarkSettings settings;
  private final Map<String, VariantResults> results;

  ResultTable(BenchmarkSettings settings, Map<String, VariantResults> results) {
    this.settings = settings;
    this.results = results;
  }

  void print(PrintStream out) {
    VariantResults base = results.get(Variant.NONE);
    out.println();
    out.printf(
        Locale.ROOT,
        "## Summary: medians; 'added' and 'x none' are medians of the within-round differences"
            + " and ratios to no agent, [range]%n%n");
    out.printf(
        Locale.ROOT,
        "| variant | CPU us/req at %.0f/s (valid runs) | added us/req | p99 ms | added p99 ms |"
            + " saturated req/s | x none | CPU us/req saturated | idle CPU ms/s |%n",
        settings.rate());
    out.println("|---|---|---|---|---|---|---|---|---|");
    for (Map.Entry<String, VariantResults> e : results.entrySet()) {
      VariantResults r = e.getValue();
      boolean isBase = r == base;
      out.printf(
          Locale.ROOT,
          "| %s | %.1f (%d/%d) | %s | %.2f | %s | %.0f | %s | %.1f | %.2f |%n",
          e.getKey(),
          Measurements.median(r.cpuMicrosPerRequest),
          r.cpuMicrosPerRequest.size() - r.invalidRuns,
          r.cpuMicrosPerRequest.size(),
          isBase ? "" : difference(r.cpuMicrosPerRequest, base.cpuMicrosPerRequest, "%+.1f"),
          Measurements.median(r.p99Millis),
          isBase ? "" : difference(r.p99Millis, base.p99Millis, "%+.2f"),
          Measurements.median(r.saturatedPerSecond),
          isBase ? "" : ratio(r.saturatedPerSecond, base.saturatedPerSecond),
          Measurements.median(r.saturatedCpuMicrosPerRequest),
          r.idleCpuMillisPerSecond());
    }
    out.println();
    out.printf(
        Locale.ROOT,
        "| variant | CPU us/req at %.0f/s on request threads | added | on JVM threads (JIT, GC) |"
            + " added | on other threads (agent) | added |%n",
        settings.rate());
    out.println("|---|---|---|---|---|---|---|");
    for (Map.Entry<String, VariantResults> e : results.entrySet()) {
      VariantResults r = e.getValue();
      boolean isBase = r == base;
      out.printf(
          Locale.ROOT,
          "| %s | %.1f | %s | %.1f | %s | %.1f | %s |%n",
          e.getKey(),
          Measurements.median(r.requestThreadMicros),
          isBase ? "" : difference(r.requestThreadMicros, base.requestThreadMicros, "%+.1f"),
          Measurements.median(r.jvmThreadMicros),
          isBase ? "" : difference(r.jvmThreadMicros, base.jvmThreadMicros, "%+.1f"),
          Measurements.median(r.otherThreadMicros),
          isBase ? "" : difference(r.otherThreadMicros, base.otherThreadMicros, "%+.1f"));
    }
    out.println();
    out.println(
        "| variant | RSS MB | added MB | threads | added | start-up ms (first 200) |"
            + " added ms | start-up min-max ms |");
    out.println("|---|---|---|---|---|---|---|---|");
    for (Map.Entry<String, VariantResults> e : results.entrySet()) {
      VariantResults r = e.getValue();
      boolean isBase = r == base;
      List<Double> startup = r.startupMillis;
      out.printf(
          Locale.ROOT,
          "| %s | %.1f | %s | %d | %s | %.0f | %s | %s |%n",
          e.getKey(),
          r.footprint == null ? Double.NaN : r.footprint.rssMb(),
          isBase || r.footprint == null || base.footprint == null
              ? ""
              : String.format(Locale.ROOT, "%+.1f", r.footprint.rssMb() - base.footprint.rssMb()),
          r.footprint == null ? -1 : r.footprint.threads(),
          isBase || r.footprint == null || base.footprint == null
              ? ""
              : String.format(Locale.ROOT, "%+d", r.footprint.threads() - base.footprint.threads()),
          Measurements.median(startup),
          isBase ? "" : difference(startup, base.startupMillis, "%+.0f"),
          startup.isEmpty()
              ? ""
              : String.format(
                  Locale.ROOT, "%.0f-%.0f", Collections.min(startup), Collections.max(startup)));
    }
    if (settings.measureAllocation()) {
      out.println();
      out.printf(
          Locale.ROOT,
          "| variant | p50 ms at %.0f/s | x none | p99 ms | x none | allocated KB/req | added KB/req"
              + " |%n",
          settings.rate());
      out.println("|---|---|---|---|---|---|---|");
      for (Map.Entry<String, VariantResults> e : results.entrySet()) {
        VariantResults r = e.getValue();
        boolean isBase = r == base;
        out.printf(
            Locale.ROOT,
            "| %s | %.2f | %s | %.2f | %s | %.1f | %s |%n",
            e.getKey(),
            Measurements.median(r.p50Millis),
            isBase ? "" : ratio(r.p50Millis, base.p50Millis),
            Measurements.median(r.p99Millis),
            isBase ? "" : ratio(r.p99Millis, base.p99Millis),
            Measurements.median(r.allocatedKbPerRequest),
            isBase ? "" : difference(r.allocatedKbPerRequest, base.allocatedKbPerRequest, "%+.1f"));
      }
    }
  }

  /**
   * The verdict against the HTTP benchmark's targets: PoolPilot adds at most {@value
   * #TARGET_ADDED_MICROS} µs of CPU per request, under a quarter of what the OpenTelemetry agent
   * adds.
   */
  void printVerdict(PrintStream out) {
    VariantResults base = results.get(Variant.NONE);
    VariantResults poolpilot = results.get(Variant.POOLPILOT);
    if (poolpilot == null) {
      out.println("no verdict: variant " + Variant.POOLPILOT + " was not run");
      return;
    }
    double added =
        Measurements.median(
            Measurements.pairedDifferences(
                poolpilot.cpuMicrosPerRequest, base.cpuMicrosPerRequest));
    out.printf(
        Locale.ROOT,
        "target 1: PoolPilot adds <= %.0f us CPU per request: %+.1f us -> %s%n",
        TARGET_ADDED_MICROS,
        added,
        added <= TARGET_ADDED_MICROS ? "met" : "MISSED");
    VariantResults otel = results.get(Variant.OTEL);
    for (Map.Entry<String, VariantResults> e : results.entrySet()) {
      if (e.getValue() != base) {
        out.printf(
            Locale.ROOT,
            "  %s: of the added CPU per request, about %.1f us is background work that does not"
                + " depend on requests (idle CPU %+.2f ms/s against no agent, spread over %.0f"
                + " requests/s)%n",
            e.getKey(),
            backgroundMicrosPerRequest(e.getValue(), base),
            e.getValue().idleCpuMillisPerSecond() - base.idleCpuMillisPerSecond(),
            settings.rate());
      }
    }
    if (otel == null) {
      out.println("target 2: no OpenTelemetry agent in this run");
      return;
    }
    double otelAdded =
        Measurements.median(
            Measurements.pairedDifferences(otel.cpuMicrosPerRequest, base.cpuMicrosPerRequest));
    double share = added / otelAdded;
    out.printf(
        Locale.ROOT,
        "target 2: under %.0f%% of what the OpenTelemetry agent adds (%+.1f us): %.0f%% -> %s%n",
        TARGET_SHARE_OF_OTEL * 100,
        otelAdded,
        share * 100,
        otelAdded > 0 && share < TARGET_SHARE_OF_OTEL ? "met" : "MISSED");
    VariantResults floor = results.get(Variant.SDK_FLOOR);
    if (floor != null) {
      double floorAdded =
          Measurements.median(
              Measurements.pairedDifferences(floor.cpuMicrosPerRequest, base.cpuMicrosPerRequest));
      out.printf(
          Locale.ROOT,
          "  floor: the OpenTelemetry SDK alone, recording the same spans and HTTP metrics by hand"
              + " and sending nothing, adds %+.1f us (%.0f%% of what the OpenTelemetry agent"
              + " adds); PoolPilot adds %+.1f us above it%n",
          floorAdded,
          floorAdded / otelAdded * 100,
          Measurements.median(
              Measurements.pairedDifferences(
                  poolpilot.cpuMicrosPerRequest, floor.cpuMicrosPerRequest)));
    }
  }

  private double backgroundMicrosPerRequest(VariantResults variant, VariantResults base) {
    return (variant.idleCpuMillisPerSecond() - base.idleCpuMillisPerSecond())
        * 1e3
        / settings.rate();
  }

  private static String difference(List<Double> variant, List<Double> base, String format) {
    List<Double> d = Measurements.pairedDifferences(variant, base);
    if (d.isEmpty()) {
      return "n/a";
    }
    return String.format(
        Locale.ROOT,
        format + " [" + format + ".." + format + "]",
        Measurements.median(d),
        Collections.min(d),
        Collections.max(d));
  }

  private static String ratio(List<Double> variant, List<Double> base) {
    List<Double> r = Measurements.pairedRatios(variant, base);
    if (r.isEmpty()) {
      return "n/a";
    }
    return String.format(
        Locale.ROOT,
        "%.3f [%.3f..%.3f]",
        Measurements.median(r),
        Collections.min(r),
        Collections.max(r));
  }
}
