package io.poolpilot.sidecar.model;

import java.util.Objects;

/**
 * One exported point of a monotonic counter, such as tasks completed.
 *
 * @param startTimeUnixNano for a cumulative point, when the series began counting; for a delta
 *     point, when the interval it counts began (the previous point's time); 0 when the exporter
 *     sent none
 * @param value the count: since {@code startTimeUnixNano} when cumulative, in the interval when
 *     delta
 */
public record CounterPoint(
    Temporality temporality, long startTimeUnixNano, long timeUnixNano, double value) {

  public CounterPoint {
    Objects.requireNonNull(temporality, "temporality");
    if (!Double.isFinite(value) || value < 0) {
      throw new IllegalArgumentException(
          "counter value " + value + ", expected a finite value >= 0");
    }
  }

  /** The sum of two points of one counter in one export (split by other attributes). */
  public CounterPoint plus(CounterPoint other) {
    if (other.temporality != temporality) {
      throw new IllegalArgumentException(
          "cannot add a " + other.temporality + " point to a " + temporality + " one");
    }
    return new CounterPoint(
        temporality,
        Math.min(startTimeUnixNano, other.startTimeUnixNano),
        Math.max(timeUnixNano, other.timeUnixNano),
        value + other.value);
  }
}
