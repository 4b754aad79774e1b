package io.poolpilot.sidecar.model;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one export said about one pool: the readings it carried (an export may carry only some) and,
 * if present, the cumulative queue-wait histogram.
 *
 * @param timeUnixNano the newest data point time among the readings
 */
public record PoolReport(
    PoolKey key,
    long timeUnixNano,
    Map<PoolValue, Double> values,
    Optional<CumulativeHistogram> queueWait) {

  public PoolReport {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(queueWait, "queueWait");
    values.forEach(
        (name, value) -> {
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
    values = values.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(values));
  }
}
