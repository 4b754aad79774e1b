package io.poolpilot.benchmarks.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * One run's result as one machine-readable line, {@code <benchmark>: key=value ...}, for scripts
 * and for comparing runs. Keys without a prefix are PoolPilot against no agent, {@code otel_} the
 * OpenTelemetry agent against no agent; every figure is the median of the within-round differences
 * (or ratios) to no agent, so drift between rounds cancels out:
 *
 * <ul>
 *   <li>{@code startup_ms}: no agent's median start-up to the first served request;
 *   <li>{@code startup_added_ms}, {@code otel_startup_added_ms}; {@code startup_vs_otel}: the first
 *       divided by the second (the target is at most 0.1);
 *   <li>{@code cpu_us_per_req}: no agent's median; {@code cpu_us_per_req_added}, {@code
 *       otel_cpu_us_per_req_added};
 *   <li>{@code alloc_kb_per_req}: no agent's median; {@code alloc_kb_per_req_added}, {@code
 *       otel_alloc_kb_per_req_added} (NaN where allocation was not measured);
 *   <li>{@code p50_ratio}, {@code otel_p50_ratio}, {@code p99_ratio}, {@code otel_p99_ratio}:
 *       latency at the fixed rate over no agent's;
 *   <li>{@code rss_added_mib}, {@code otel_rss_added_mib}: resident memory after each service's C
 *       heap was trimmed ({@code System.trim_native_heap}), which leaves out memory the JVM freed
 *       and glibc kept (the JIT compiler's arenas), so what the agent keeps; one reading per
 *       long-lived service, so a plain difference, as are the other footprint keys;
 *   <li>{@code threads_added}, {@code otel_threads_added}: threads of kinds (names with digits
 *       masked) that the service without an agent has none of ({@link ThreadCensus}): the agent's;
 *   <li>{@code other_threads_added}, {@code otel_other_threads_added}: threads not serving
 *       requests, the plain difference;
 *   <li>{@code send_lag_p99_us}: the load generator's send-lag p99, median over every fixed-rate
 *       run of every variant (the latency keys count runs where it is at most 1 ms or a quarter of
 *       the run's p99, {@link FixedRateLoad});
 *   <li>{@code rss_plain_added_mib}, {@code nmt_committed_added_mib} (and {@code otel_}): resident
 *       memory as read, and the JVM's Native Memory Tracking committed total;
 *   <li>{@code app_threads_added} (and {@code otel_}): the rest of the difference in threads, of
 *       kinds the application has anyway (its pools' sizes);
 *   <li>{@code startup_cpu_ms}: no agent's median CPU time (all threads) at the first 200; {@code
 *       startup_cpu_added_ms}, {@code otel_startup_cpu_added_ms}: medians of round differences.
 * </ul>
 *
 * A variant that was not run gives NaN. The keys are stable: {@code docs/benchmarks.md} and scripts
 * read them.
 */
final class OverheadSummary {
  private final Map<String, Double> values = new LinkedHashMap<>();

  private OverheadSummary() {}

  static OverheadSummary of(Map<String, VariantResults> results) {
    VariantResults base = results.get(Variant.NONE);
    VariantResults poolpilot = results.get(Variant.POOLPILOT);
    VariantResults otel = results.get(Variant.OTEL);
    OverheadSummary s = new OverheadSummary();
    s.values.put("startup_ms", Measurements.median(base.startupMillis));
    s.both("startup_added_ms", poolpilot, otel, base, added(r -> r.startupMillis));
    s.values.put(
        "startup_vs_otel",
        s.values.get("startup_added_ms") / s.values.get("otel_startup_added_ms"));
    s.values.put("cpu_us_per_req", Measurements.median(base.cpuMicrosPerRequest));
    s.both("cpu_us_per_req_added", poolpilot, otel, base, added(r -> r.cpuMicrosPerRequest));
    s.values.put("alloc_kb_per_req", Measurements.median(base.allocatedKbPerRequest));
    s.both("alloc_kb_per_req_added", poolpilot, otel, base, added(r -> r.allocatedKbPerRequest));
    s.both("p50_ratio", poolpilot, otel, base, ratio(r -> r.p50Millis));
    s.both("p99_ratio", poolpilot, otel, base, ratio(r -> r.p99Millis));
    s.both("rss_added_mib", poolpilot, otel, base, footprintAdded(f -> f.trimmedRssMb()));
    s.both("threads_added", poolpilot, otel, base, threadsAddedByKind());
    s.both(
        "other_threads_added",
        poolpilot,
        otel,
        base,
        footprintAdded(f -> (double) f.otherThreads()));
    List<Double> lags = new ArrayList<>();
    results.values().forEach(r -> lags.addAll(r.sendLagP99Micros));
    s.values.put("send_lag_p99_us", Measurements.median(lags));
    s.both("rss_plain_added_mib", poolpilot, otel, base, footprintAdded(f -> f.rssMb()));
    s.both(
        "nmt_committed_added_mib", poolpilot, otel, base, footprintAdded(f -> f.nmtCommittedMb()));
    s.both("app_threads_added", poolpilot, otel, base, applicationThreadsAdded());
    s.values.put("startup_cpu_ms", Measurements.median(base.startupCpuMillis));
    s.both("startup_cpu_added_ms", poolpilot, otel, base, added(r -> r.startupCpuMillis));
    return s;
  }

  /** A figure by its key, NaN if the run could not give it. */
  double get(String key) {
    Double value = values.get(key);
    if (value == null) {
      throw new IllegalArgumentException(
          "no summary figure '" + key + "', expected one of " + values.keySet());
    }
    return value;
  }

  /** {@code <name>: key=value ...}: whole numbers as such, others to three significant digits. */
  String line(String name) {
    StringBuilder line = new StringBuilder(name).append(':');
    values.forEach((key, value) -> line.append(' ').append(key).append('=').append(format(value)));
    return line.toString();
  }

  private static String format(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return "NaN";
    }
    return Math.abs(value) >= 100 || value == Math.rint(value)
        ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.3g", value);
  }

  /** A figure of one variant against no agent's, such as the median within-round difference. */
  private interface Comparison {
    double of(VariantResults variant, VariantResults base);
  }

  /**
   * {@code key} for PoolPilot and {@code otel_<key>} for the OpenTelemetry agent; NaN if not run.
   */
  private void both(
      String key,
      VariantResults poolpilot,
      VariantResults otel,
      VariantResults base,
      Comparison comparison) {
    values.put(key, poolpilot == null ? Double.NaN : comparison.of(poolpilot, base));
    values.put("otel_" + key, otel == null ? Double.NaN : comparison.of(otel, base));
  }

  private static Comparison added(Function<VariantResults, List<Double>> series) {
    return (variant, base) ->
        Measurements.median(
            Measurements.pairedDifferences(series.apply(variant), series.apply(base)));
  }

  private static Comparison ratio(Function<VariantResults, List<Double>> series) {
    return (variant, base) ->
        Measurements.median(Measurements.pairedRatios(series.apply(variant), series.apply(base)));
  }

  private static Comparison threadsAddedByKind() {
    return (variant, base) -> {
      if (variant.footprint == null || base.footprint == null) {
        return Double.NaN;
      }
      int added = variant.footprint.threadsAddedByKind(base.footprint);
      return added < 0 ? Double.NaN : added;
    };
  }

  private static Comparison applicationThreadsAdded() {
    return (variant, base) -> {
      if (variant.footprint == null || base.footprint == null) {
        return Double.NaN;
      }
      int added = variant.footprint.applicationThreadsAdded(base.footprint);
      return added == Integer.MIN_VALUE ? Double.NaN : added;
    };
  }

  private static Comparison footprintAdded(Function<ProcStat.Footprint, Double> figure) {
    return (variant, base) ->
        variant.footprint == null || base.footprint == null
            ? Double.NaN
            : figure.apply(variant.footprint) - figure.apply(base.footprint);
  }
}
