package io.poolpilot.sidecar.model;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The latest known state of one pool. A reading is empty until an export carried it; {@code
 * queueCapacity} stays empty for an unbounded queue, which the agent does not report.
 *
 * @param observedAtUnixNano data point time of the newest export that changed this snapshot
 * @param queueWait quantiles over the tasks that started between the two newest exports
 */
public record PoolSnapshot(
    PoolKey key,
    long observedAtUnixNano,
    OptionalLong core,
    OptionalLong max,
    OptionalLong active,
    OptionalLong idle,
    OptionalLong queued,
    OptionalLong queueCapacity,
    OptionalDouble oldestAgeSeconds,
    OptionalLong completed,
    OptionalLong rejected,
    WaitQuantiles queueWait) {

  public PoolSnapshot {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(queueWait, "queueWait");
  }

  static PoolSnapshot of(
      PoolKey key, long observedAtUnixNano, Map<PoolValue, Double> values, WaitQuantiles wait) {
    return new PoolSnapshot(
        key,
        observedAtUnixNano,
        whole(values.get(PoolValue.CORE)),
        whole(values.get(PoolValue.MAX)),
        whole(values.get(PoolValue.ACTIVE)),
        whole(values.get(PoolValue.IDLE)),
        whole(values.get(PoolValue.QUEUED)),
        whole(values.get(PoolValue.QUEUE_CAPACITY)),
        values.containsKey(PoolValue.OLDEST_AGE_SECONDS)
            ? OptionalDouble.of(values.get(PoolValue.OLDEST_AGE_SECONDS))
            : OptionalDouble.empty(),
        whole(values.get(PoolValue.COMPLETED)),
        whole(values.get(PoolValue.REJECTED)),
        wait);
  }

  private static OptionalLong whole(Double value) {
    return value == null ? OptionalLong.empty() : OptionalLong.of(Math.round(value));
  }
}
