package io.poolpilot.tuning.telemetry;

import io.poolpilot.protocol.histogram.ExponentialHistogram;
import java.util.Objects;
import java.util.Optional;

/**
 * What one pool's telemetry says happened between two of its readings: how long that was, how many
 * tasks ended and were refused, and the histograms of the waits and run times recorded in between.
 * The one place where cumulative telemetry turns into per-interval figures, for the tuner's
 * observation and the sidecar's per-export view alike.
 *
 * @param failed requests that failed on the pool's threads (0 where the exporter does not count
 *     them)
 */
public record TelemetryInterval(
    double seconds,
    double completed,
    double rejected,
    ExponentialHistogram queueWaits,
    ExponentialHistogram runTimes,
    double failed) {

  public TelemetryInterval {
    Objects.requireNonNull(queueWaits, "queueWaits");
    Objects.requireNonNull(runTimes, "runTimes");
    if (!(seconds > 0) || Double.isInfinite(seconds)) {
      throw new IllegalArgumentException("seconds " + seconds + " must be positive and finite");
    }
  }

  /**
   * The interval from {@code earlier} to {@code later}; empty unless {@code later} was taken after
   * {@code earlier} (a retry, or readings out of order, make no interval).
   */
  public static Optional<TelemetryInterval> between(PoolReading earlier, PoolReading later) {
    return between(new PoolTotals().set(earlier), new PoolTotals().set(later));
  }

  /**
   * The interval between two totals kept in place, as {@link #between(PoolReading, PoolReading)}.
   */
  public static Optional<TelemetryInterval> between(PoolTotals earlier, PoolTotals later) {
    if (later.timeUnixNano() <= earlier.timeUnixNano()) {
      return Optional.empty();
    }
    return Optional.of(
        new TelemetryInterval(
            (later.timeUnixNano() - earlier.timeUnixNano()) / 1e9,
            later.completedSince(earlier),
            later.rejectedSince(earlier),
            later.queueWaits().since(earlier.queueWaits()),
            later.runTimes().since(earlier.runTimes()),
            later.failedSince(earlier)));
  }

  public double completedPerSecond() {
    return completed / seconds;
  }

  public double rejectedPerSecond() {
    return rejected / seconds;
  }

  public double failedPerSecond() {
    return failed / seconds;
  }
}
