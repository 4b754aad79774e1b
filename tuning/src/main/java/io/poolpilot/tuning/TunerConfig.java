package io.poolpilot.tuning;

import java.time.Duration;
import java.util.Objects;

/**
 * The operator's settings for one pool's tuner.
 *
 * @param minSize the tuner never sets fewer threads
 * @param maxSize the tuner never sets more threads
 * @param queueWaitObjective the queue-wait p99 the pool should meet
 * @param maxStep most threads one change may add or remove
 * @param cooldown least time between two changes, so that each one is seen in the telemetry before
 *     the next
 */
public record TunerConfig(
    int minSize, int maxSize, Duration queueWaitObjective, int maxStep, Duration cooldown) {

  /** The queue-wait objective when none is configured. */
  public static final Duration DEFAULT_QUEUE_WAIT_OBJECTIVE = Duration.ofMillis(50);

  /** Defaults: 1 to 200 threads, queue wait p99 50 ms, at most 16 threads a step, 2 s cooldown. */
  public static final TunerConfig DEFAULTS =
      new TunerConfig(1, 200, DEFAULT_QUEUE_WAIT_OBJECTIVE, 16, Duration.ofSeconds(2));

  public TunerConfig {
    Objects.requireNonNull(queueWaitObjective, "queueWaitObjective");
    Objects.requireNonNull(cooldown, "cooldown");
    if (minSize < 1 || maxSize < minSize) {
      throw new IllegalArgumentException(
          "minSize " + minSize + " and maxSize " + maxSize + " must satisfy 1 <= min <= max");
    }
    if (queueWaitObjective.isNegative() || queueWaitObjective.isZero()) {
      throw new IllegalArgumentException(
          "queueWaitObjective " + queueWaitObjective + " must be positive");
    }
    if (maxStep < 1) {
      throw new IllegalArgumentException("maxStep " + maxStep + " must be at least 1");
    }
    if (cooldown.isNegative()) {
      throw new IllegalArgumentException("cooldown " + cooldown + " must not be negative");
    }
  }

  /** The same settings with other size bounds. */
  public TunerConfig withSizes(int min, int max) {
    return new TunerConfig(min, max, queueWaitObjective, maxStep, cooldown);
  }

  /** The objective in seconds. */
  double objectiveSeconds() {
    return queueWaitObjective.toNanos() / 1e9;
  }
}
