package io.poolpilot.sidecar.model;

import io.poolpilot.protocol.histogram.ExponentialHistogram;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Queue-wait quantiles of the tasks that started in one export interval, in seconds; empty when no
 * task started in it.
 */
public record WaitQuantiles(long samples, OptionalDouble p50Seconds, OptionalDouble p99Seconds) {

  /** No task seen. */
  public static final WaitQuantiles NONE =
      new WaitQuantiles(0, OptionalDouble.empty(), OptionalDouble.empty());

  public WaitQuantiles {
    Objects.requireNonNull(p50Seconds, "p50Seconds");
    Objects.requireNonNull(p99Seconds, "p99Seconds");
    if (samples < 0) {
      throw new IllegalArgumentException("samples " + samples + " is negative");
    }
  }

  /** The quantiles of the values in {@code interval}. */
  public static WaitQuantiles of(ExponentialHistogram interval) {
    long samples = interval.totalCount();
    return samples == 0
        ? NONE
        : new WaitQuantiles(samples, interval.quantile(0.50), interval.quantile(0.99));
  }
}
