package io.poolpilot.sidecar.model;

import java.util.OptionalDouble;

/**
 * Turns the successive points of one monotonic counter into a running total and a rate per second,
 * whatever their temporality, so that a delta exporter and a cumulative one describing the same
 * tasks give the same numbers.
 *
 * <p>Rate of a cumulative point {@code (start, t, v)} after {@code (start', t', v')}: {@code (v -
 * v') / (t - t')} when the series continued ({@code start = start'} and {@code v >= v'}); {@code v
 * / (t - start)} when it restarted (a new start time, or a smaller value with a known start), since
 * everything it counts happened after the new start; none for a series' first point, whose count
 * may span the process's whole life and would show a lifetime average as today's rate.
 *
 * <p>Rate of a delta point: {@code v / (t - start)}, its own interval; where the exporter sent no
 * start time, the interval since the previous point. The total of a delta series is the sum of the
 * points the sidecar received, so it counts from when the sidecar first heard of the pool.
 *
 * <p>Not thread-safe: {@link PoolModel} holds one per counter per pool under its lock.
 */
final class CounterSeries {

  private static final double NANOS_PER_SECOND = 1e9;

  private CounterPoint last;
  private double total;
  private OptionalDouble rate = OptionalDouble.empty();

  /** Applies the next point; points must come in time order (the model drops older reports). */
  void accept(CounterPoint point) {
    boolean sameKind = last != null && last.temporality() == point.temporality();
    if (point.temporality() == Temporality.CUMULATIVE) {
      rate = sameKind ? cumulativeRate(last, point) : OptionalDouble.empty();
      total = point.value();
    } else {
      long from =
          point.startTimeUnixNano() > 0
              ? point.startTimeUnixNano()
              : last == null ? 0 : last.timeUnixNano();
      rate = perSecond(point.value(), from, point.timeUnixNano());
      total = sameKind ? total + point.value() : point.value();
    }
    last = point;
  }

  private static OptionalDouble cumulativeRate(CounterPoint before, CounterPoint now) {
    boolean continued =
        now.startTimeUnixNano() == before.startTimeUnixNano() && now.value() >= before.value();
    if (continued) {
      return perSecond(now.value() - before.value(), before.timeUnixNano(), now.timeUnixNano());
    }
    return now.startTimeUnixNano() > 0
        ? perSecond(now.value(), now.startTimeUnixNano(), now.timeUnixNano())
        : OptionalDouble.empty();
  }

  private static OptionalDouble perSecond(double count, long fromNanos, long toNanos) {
    if (fromNanos <= 0 || toNanos <= fromNanos) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(count / ((toNanos - fromNanos) / NANOS_PER_SECOND));
  }

  /** The count so far: the latest cumulative value, or the sum of the delta points received. */
  double total() {
    return total;
  }

  /** Events per second in the interval the latest point closed; empty when it cannot be told. */
  OptionalDouble rate() {
    return rate;
  }
}
