package io.poolpilot.benchmarks.http;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;

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

  /**
   * Bytes allocated between two readings of per-thread allocation totals (thread id to bytes): each
   * thread's growth, counting threads that appeared in between from zero. Threads that ended in
   * between are missing from {@code after} and their last bytes are lost.
   */
  static long allocatedBetween(Map<Long, Long> before, Map<Long, Long> after) {
    long total = 0;
    for (Map.Entry<Long, Long> thread : after.entrySet()) {
      long start = before.getOrDefault(thread.getKey(), 0L);
      if (thread.getValue() < start) {
        throw new IllegalArgumentException(
            "thread "
                + thread.getKey()
                + " allocated "
                + start
                + " bytes, then "
                + thread.getValue()
                + ": totals only grow");
      }
      total += thread.getValue() - start;
    }
    return total;
  }
}
