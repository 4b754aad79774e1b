package io.poolpilot.sidecar.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one export said about one pool: the gauge readings it carried (an export may carry only
 * some), its counter points ({@link PoolValue#COMPLETED}, {@link PoolValue#REJECTED}, {@link
 * PoolValue#FAILED_REQUESTS}) and, if present, the queue-wait and run-time histogram points.
 *
 * @param timeUnixNano the newest data point time among the readings; below 2^63 (the year 2262), so
 *     that the difference of two never overflows
 */
public record PoolReport(
    PoolKey key,
    long timeUnixNano,
    Map<PoolValue, Double> values,
    Map<PoolValue, CounterPoint> counters,
    Optional<HistogramPoint> queueWait,
    Optional<HistogramPoint> runTime) {

  public PoolReport {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(queueWait, "queueWait");
    Objects.requireNonNull(runTime, "runTime");
    if (timeUnixNano < 0) {
      throw new IllegalArgumentException(
          "time "
              + Long.toUnsignedString(timeUnixNano)
              + " ns of pool "
              + key.pool()
              + " is after 2262, expected a time the model can subtract");
    }
    values.forEach(
        (name, value) -> {
          if (name.counter()) {
            throw new IllegalArgumentException(name + " is a counter, expected among the counters");
          }
          if (!Double.isFinite(value) || value < 0) {
            throw new IllegalArgumentException(
                name
                    + " of pool "
                    + key.pool()
                    + " is "
                    + value
                    + ", expected a finite value >= 0");
          }
        });
    counters.forEach(
        (name, point) -> {
          if (!name.counter()) {
            throw new IllegalArgumentException(name + " is not a counter");
          }
          Objects.requireNonNull(point, name.name());
        });
    values = frozen(values);
    counters = frozen(counters);
  }

  /**
   * An unmodifiable copy in {@link PoolValue} order: one {@link EnumMap} (an array as long as there
   * are pool values), not a second copy of it into {@code Map.copyOf}'s table, since the sidecar
   * builds a report per pool per export.
   */
  private static <V> Map<PoolValue, V> frozen(Map<PoolValue, V> map) {
    return map.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(map));
  }

  /** A report without a run-time histogram. */
  public PoolReport(
      PoolKey key,
      long timeUnixNano,
      Map<PoolValue, Double> values,
      Map<PoolValue, CounterPoint> counters,
      Optional<HistogramPoint> queueWait) {
    this(key, timeUnixNano, values, counters, queueWait, Optional.empty());
  }

  /** A report of gauge readings and a queue-wait point, without counters. */
  public PoolReport(
      PoolKey key,
      long timeUnixNano,
      Map<PoolValue, Double> values,
      Optional<HistogramPoint> queueWait) {
    this(key, timeUnixNano, values, Map.of(), queueWait);
  }
}
