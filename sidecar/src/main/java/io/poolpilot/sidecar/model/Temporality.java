package io.poolpilot.sidecar.model;

/**
 * How a sum or histogram point counts, as OpenTelemetry's aggregation temporality says: {@code
 * CUMULATIVE} points carry everything since their start time, {@code DELTA} points only what
 * happened since the previous export. The OpenTelemetry SDKs default to cumulative; a Collector's
 * {@code cumulativetodelta} processor or a delta-preferring exporter sends delta.
 */
public enum Temporality {
  CUMULATIVE,
  DELTA
}
