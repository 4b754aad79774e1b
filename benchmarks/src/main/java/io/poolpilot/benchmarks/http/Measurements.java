package io.poolpilot.benchmarks.http;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * The arithmetic of the HTTP benchmark, kept apart from processes and sockets so it can be tested.
 */
final class Measurements {
  private Measurements() {}

  /**
   * Service CPU per request served, in microseconds: the CPU time the process spent between two
   * readings, divided by the requests answered in between.
   */
  static double cpuMicrosPerRequest(long cpuNanosBefore, long cpuNanosAfter, long requests) {
    if (requests <= 0) {
      throw new IllegalArgumentException("no requests served: " + requests);
    }
    if (cpuNanosAfter < cpuNanosBefore) {
      throw new IllegalArgumentException(
          "CPU time went backwards: " + cpuNanosBefore + " ns, then " + cpuNanosAfter + " ns");
    }
    return (cpuNanosAfter - cpuNanosBefore) / 1e3 / requests;
  }

  /** The median, NaN for no values. */
  static double median(Collection<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.removeIf(v -> v.isNaN());
    Collections.sort(sorted);
    int n = sorted.size();
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /**
   * Element-wise {@code variant[i] - base[i]} for the positions both have a number for: differences
   * within each interleaved round, so drift between rounds cancels out.
   */
  static List<Double> pairedDifferences(List<Double> variant, List<Double> base) {
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < Math.min(variant.size(), base.size()); i++) {
      double d = variant.get(i) - base.get(i);
      if (!Double.isNaN(d)) {
        out.add(d);
      }
    }
    return out;
  }

  /** Element-wise {@code variant[i] / base[i]}, as {@link #pairedDifferences}. */
  static List<Double> pairedRatios(List<Double> variant, List<Double> base) {
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < Math.min(variant.size(), base.size()); i++) {
      double r = variant.get(i) / base.get(i);
      if (!Double.isNaN(r) && !Double.isInfinite(r)) {
        out.add(r);
      }
    }
    return out;
  }
}
