package io.poolpilot.benchmarks.sidecar;

/**
 * When each replayed agent sends, within every export interval: instance {@code i} of {@code n} at
 * {@code i * interval / n} past the start of each interval.
 *
 * <p>Real agents start at unrelated moments, so their one-second exports are spread over the
 * second; replaying all of them at the same instant would measure a burst no deployment sees and
 * charge the sidecar a queueing delay that is the generator's doing.
 */
public record ReplaySchedule(int instances, long intervalNanos) {

  public ReplaySchedule {
    if (instances < 1) {
      throw new IllegalArgumentException("instances must be at least 1: " + instances);
    }
    if (intervalNanos < instances) {
      throw new IllegalArgumentException(
          "interval of " + intervalNanos + " ns cannot spread " + instances + " instances");
    }
  }

  /** How far into each interval {@code instance} sends. */
  public long offsetNanos(int instance) {
    if (instance < 0 || instance >= instances) {
      throw new IndexOutOfBoundsException("instance " + instance + " of " + instances);
    }
    return Math.multiplyExact(instance, intervalNanos) / instances;
  }

  /** When {@code instance} sends for the {@code round}-th time, counted from {@code startNanos}. */
  public long dueNanos(long startNanos, int instance, long round) {
    return startNanos + round * intervalNanos + offsetNanos(instance);
  }
}
