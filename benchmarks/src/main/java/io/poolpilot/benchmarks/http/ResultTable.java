package io.poolpilot.benchmarks.http;

import java.io.PrintStream;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

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
    out.println();
    out.printf(
        Locale.ROOT,
        "## Summary: medians; 'added' and 'x none' are medians of the within-round differences"
            + " and ratios to no agent, [range]%n");
    String rate = String.format(Locale.ROOT, "%.0f/s", settings.plan().rate());
    table(
        out,
        "| variant | CPU us/req at "
            + rate
            + " (valid runs) | added us/req | p99 ms | added p99 ms |"
            + " saturated req/s | x none | CPU us/req saturated | idle CPU ms/s |",
        "| %s | %.1f (%d/%d) | %s | %.2f | %s | %.0f | %s | %.1f | %.2f |",
        (r, base) ->
            new Object[] {
              Measurements.median(r.cpuMicrosPerRequest),
              r.cpuMicrosPerRequest.size() - r.invalidRuns,
              r.cpuMicrosPerRequest.size(),
              difference(r, base, v -> v.cpuMicrosPerRequest, "%+.1f"),
              Measurements.median(r.p99Millis),
              difference(r, base, v -> v.p99Millis, "%+.2f"),
              Measurements.median(r.saturatedPerSecond),
              ratio(r, base, v -> v.saturatedPerSecond),
              Measurements.median(r.saturatedCpuMicrosPerRequest),
              r.idleCpuMillisPerSecond()
            });
    table(
        out,
        "| variant | CPU us/req at "
            + rate
            + " on request threads | added | on JVM threads (JIT, GC) |"
            + " added | on other threads (agent) | added |",
        "| %s | %.1f | %s | %.1f | %s | %.1f | %s |",
        (r, base) ->
            new Object[] {
              Measurements.median(r.requestThreadMicros),
              difference(r, base, v -> v.requestThreadMicros, "%+.1f"),
              Measurements.median(r.jvmThreadMicros),
              difference(r, base, v -> v.jvmThreadMicros, "%+.1f"),
              Measurements.median(r.otherThreadMicros),
              difference(r, base, v -> v.otherThreadMicros, "%+.1f")
            });
    table(
        out,
        "| variant | RSS MB after trim | added | NMT committed MB | added | RSS MB | added MB |"
            + " threads | added | not serving requests | added |"
            + " start-up ms (first 200) | added ms | start-up min-max ms |"
            + " start-up CPU ms | added |",
        "| %s | %.1f | %s | %.1f | %s | %.1f | %s | %d | %s | %d | %s | %.0f | %s | %s | %.0f | %s |",
        (r, base) ->
            new Object[] {
              r.footprint == null ? Double.NaN : r.footprint.trimmedRssMb(),
              base == null || r.footprint == null || base.footprint == null
                  ? ""
                  : String.format(
                      Locale.ROOT,
                      "%+.1f",
                      r.footprint.trimmedRssMb() - base.footprint.trimmedRssMb()),
              r.footprint == null ? Double.NaN : r.footprint.nmtCommittedMb(),
              base == null || r.footprint == null || base.footprint == null
                  ? ""
                  : String.format(
                      Locale.ROOT,
                      "%+.1f",
                      r.footprint.nmtCommittedMb() - base.footprint.nmtCommittedMb()),
              r.footprint == null ? Double.NaN : r.footprint.rssMb(),
              base == null || r.footprint == null || base.footprint == null
                  ? ""
                  : String.format(
                      Locale.ROOT, "%+.1f", r.footprint.rssMb() - base.footprint.rssMb()),
              r.footprint == null ? -1 : r.footprint.threads(),
              base == null || r.footprint == null || base.footprint == null
                  ? ""
                  : String.format(
                      Locale.ROOT, "%+d", r.footprint.threads() - base.footprint.threads()),
              r.footprint == null ? -1 : r.footprint.otherThreads(),
              base == null || r.footprint == null || base.footprint == null
                  ? ""
                  : String.format(
                      Locale.ROOT,
                      "%+d",
                      r.footprint.otherThreads() - base.footprint.otherThreads()),
              Measurements.median(r.startupMillis),
              difference(r, base, v -> v.startupMillis, "%+.0f"),
              r.startupMillis.isEmpty()
                  ? ""
                  : String.format(
                      Locale.ROOT,
                      "%.0f-%.0f",
                      Collections.min(r.startupMillis),
                      Collections.max(r.startupMillis)),
              Measurements.median(r.startupCpuMillis),
              difference(r, base, v -> v.startupCpuMillis, "%+.0f")
            });
    if (settings.plan().measureAllocation()) {
      table(
          out,
          "| variant | p50 ms at "
              + rate
              + " | x none | p99 ms | x none | generator send lag p99 us |"
              + " allocated KB/req | added KB/req |",
          "| %s | %.2f | %s | %.2f | %s | %.0f | %.1f | %s |",
          (r, base) ->
              new Object[] {
                Measurements.median(r.p50Millis),
                ratio(r, base, v -> v.p50Millis),
                Measurements.median(r.p99Millis),
                ratio(r, base, v -> v.p99Millis),
                Measurements.median(r.sendLagP99Micros),
                Measurements.median(r.allocatedKbPerRequest),
                difference(r, base, v -> v.allocatedKbPerRequest, "%+.1f")
              });
    }
  }

  /** The cells of one variant's row after its name; {@code base} is null in no agent's own row. */
  private interface Row {
    Object[] cells(VariantResults variant, VariantResults base);
  }

  /** A markdown table, one row per variant, preceded by an empty line. */
  private void table(PrintStream out, String header, String rowFormat, Row row) {
    VariantResults none = results.get(Variant.NONE);
    out.println();
    out.println(header);
    out.println("|---".repeat(header.split("\\|", -1).length - 2) + "|");
    for (Map.Entry<String, VariantResults> e : results.entrySet()) {
      Object[] cells = row.cells(e.getValue(), e.getValue() == none ? null : none);
      Object[] line = new Object[cells.length + 1];
      line[0] = e.getKey();
      System.arraycopy(cells, 0, line, 1, cells.length);
      out.printf(Locale.ROOT, rowFormat + "%n", line);
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
            settings.plan().rate());
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
        / settings.plan().rate();
  }

  /** The median within-round difference to no agent with its range; empty in no agent's row. */
  private static String difference(
      VariantResults variant,
      VariantResults base,
      Function<VariantResults, List<Double>> series,
      String format) {
    return base == null ? "" : difference(series.apply(variant), series.apply(base), format);
  }

  private static String ratio(
      VariantResults variant, VariantResults base, Function<VariantResults, List<Double>> series) {
    return base == null ? "" : ratio(series.apply(variant), series.apply(base));
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
