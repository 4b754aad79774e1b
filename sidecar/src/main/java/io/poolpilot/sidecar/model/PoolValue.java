package io.poolpilot.sidecar.model;

/**
 * The single-number readings of a pool that one export can carry: gauges, read as they are, and the
 * monotonic counters, which the model keeps as cumulative totals (see {@link CountAccumulator}).
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
  REJECTED,
  /**
   * Requests served on the pool's threads that failed ({@code poolpilot.executor.request.failed}).
   */
  FAILED_REQUESTS;

  /** Whether this is a monotonic counter rather than a gauge. */
  public boolean counter() {
    return this == COMPLETED || this == REJECTED || this == FAILED_REQUESTS;
  }
}
