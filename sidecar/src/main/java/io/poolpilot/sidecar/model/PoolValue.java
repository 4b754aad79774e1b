package io.poolpilot.sidecar.model;

/**
 * The single-number readings of a pool that one export can carry: gauges, read as they are, and the
 * two monotonic counters, which the model keeps as cumulative totals (see {@link
 * CountAccumulator}).
 */
public enum PoolValue {
  CORE,
  MAX,
  ACTIVE,
  IDLE,
  QUEUED,
  QUEUE_CAPACITY,
  OLDEST_AGE_SECONDS,
  COMPLETED,
  REJECTED;

  /** Whether this is a monotonic counter rather than a gauge. */
  public boolean counter() {
    return this == COMPLETED || this == REJECTED;
  }
}
