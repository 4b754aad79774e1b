package io.poolpilot.sidecar.model;

import io.poolpilot.tuning.telemetry.CumulativeCount;

/**
 * Keeps one pool counter in the form the agent exports it, whatever the sender's temporality: a
 * cumulative point is taken as it is; delta points are added up into a running total counting from
 * the first delta point the sidecar received, so that a delta exporter and a cumulative one
 * describing the same tasks give the same differences between two readings. A switch of temporality
 * starts a new series, and so does a delta that would carry the total past what a double holds
 * (points are finite, but nothing else bounds how many arrive).
 *
 * <p>Not thread-safe: {@link PoolModel} holds one per counter per pool under its lock.
 */
final class CountAccumulator {

  private Temporality temporality;
  // The total in place (a CumulativeCount would be a new object each export, living one interval).
  private long startUnixNano;
  private double count;

  /** Applies the point of a report newer than every one applied before. */
  void accept(CounterPoint point) {
    if (point.temporality() == Temporality.CUMULATIVE) {
      startUnixNano = point.startTimeUnixNano();
      count = point.value();
    } else if (temporality == Temporality.DELTA && Double.isFinite(count + point.value())) {
      count += point.value();
    } else {
      startUnixNano =
          point.startTimeUnixNano() > 0 ? point.startTimeUnixNano() : point.timeUnixNano();
      count = point.value();
    }
    temporality = point.temporality();
  }

  /**
   * Applies the point of a report older than the latest one applied, which an export sent later
   * overtook. A delta point still adds its count, which no other point holds; a cumulative one is
   * stale, as the latest point already counts everything it does, and so is a delta point while the
   * series is cumulative (sent before the exporter switched temporality).
   */
  void acceptOverdue(CounterPoint point) {
    if (point.temporality() == Temporality.DELTA && temporality != Temporality.CUMULATIVE) {
      accept(point);
    }
  }

  /** Whether any point arrived. */
  boolean seen() {
    return temporality != null;
  }

  /** The count so far, {@link CumulativeCount#NONE} before the first point. */
  CumulativeCount total() {
    return new CumulativeCount(startUnixNano, count);
  }

  /** The start of the count so far, as {@link CumulativeCount#startUnixNano()}. */
  long startUnixNano() {
    return startUnixNano;
  }

  /** The count so far, as {@link CumulativeCount#count()}. */
  double count() {
    return count;
  }
}
