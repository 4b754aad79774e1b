package io.poolpilot.benchmarks.http;

import java.util.ArrayList;
import java.util.List;

/**
 * What the benchmark measured for one variant, in the order measured; a run that did not count
 * (generator lag, failed requests) holds NaN in its place, so that position {@code i} of every
 * variant belongs to the same interleaved round.
 */
final class VariantResults {
  final List<Double> startupMillis = new ArrayList<>();

  /** CPU time (user + system, all threads) from launch to the first 200, one per start-up round. */
  final List<Double> startupCpuMillis = new ArrayList<>();

  /** The load generator's send-lag p99 of each fixed-rate run, microseconds. */
  final List<Double> sendLagP99Micros = new ArrayList<>();

  final List<Double> cpuMicrosPerRequest = new ArrayList<>();
  final List<Double> requestThreadMicros = new ArrayList<>();
  final List<Double> jvmThreadMicros = new ArrayList<>();
  final List<Double> otherThreadMicros = new ArrayList<>();
  final List<Double> p50Millis = new ArrayList<>();
  final List<Double> p99Millis = new ArrayList<>();
  final List<Double> allocatedKbPerRequest = new ArrayList<>();
  final List<Double> saturatedPerSecond = new ArrayList<>();
  final List<Double> saturatedCpuMicrosPerRequest = new ArrayList<>();
  int invalidRuns;
  long idleCpuNanos;
  double idleSeconds;
  ProcStat.Footprint footprint;

  /** CPU milliseconds per second while another variant was under load. */
  double idleCpuMillisPerSecond() {
    return idleSeconds > 0 ? idleCpuNanos / 1e6 / idleSeconds : Double.NaN;
  }
}
