package io.poolpilot.sidecar.model;

import io.poolpilot.protocol.histogram.ExponentialHistogram;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Run times (start to end) of the tasks that ended in one export interval, in seconds; empty when
 * none ended.
 */
public record RunTimes(long samples, OptionalDouble meanSeconds, OptionalDouble p99Seconds) {

  /** No task seen. */
  public static final RunTimes NONE =
      new RunTimes(0, OptionalDouble.empty(), OptionalDouble.empty());

  public RunTimes {
    Objects.requireNonNull(meanSeconds, "meanSeconds");
    Objects.requireNonNull(p99Seconds, "p99Seconds");
    if (samples < 0) {
      throw new IllegalArgumentException("samples " + samples + " is negative");
    }
  }

  /** The mean and p99 of the values in {@code interval}. */
  public static RunTimes of(ExponentialHistogram interval) {
    long samples = interval.totalCount();
    return samples == 0 ? NONE : new RunTimes(samples, interval.mean(), interval.quantile(0.99));
  }
}
