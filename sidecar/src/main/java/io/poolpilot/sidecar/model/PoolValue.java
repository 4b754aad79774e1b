package io.poolpilot.sidecar.model;

/**
 * The single-number readings of a pool that one export can carry. Counters are cumulative totals
 * since {@code start}, as the exporter sends them.
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
  REJECTED
}
