package io.poolpilot.tuning.sim;

import java.util.Objects;

/**
 * A stretch of a scenario with one kind of task and an arrival rate that moves linearly from {@code
 * startRate} to {@code endRate} (equal for a constant load). Arrivals are Poisson at that rate.
 *
 * @param neighbourShare share of the machine's processors another process takes during the phase (a
 *     noisy neighbour), 0 to 0.95: the pool's threads share only the rest, and the machine's CPU
 *     reading includes it while the process's does not
 */
public record Phase(
    String name,
    double seconds,
    double startRate,
    double endRate,
    TaskProfile task,
    double neighbourShare) {

  /** A phase alone on the machine. */
  public Phase(String name, double seconds, double startRate, double endRate, TaskProfile task) {
    this(name, seconds, startRate, endRate, task, 0);
  }

  public Phase {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(task, "task");
    if (!(seconds > 0)) {
      throw new IllegalArgumentException("phase " + name + " lasts " + seconds + " s, must be > 0");
    }
    if (!(startRate >= 0 && endRate >= 0)) {
      throw new IllegalArgumentException(
          "phase " + name + " rates " + startRate + ", " + endRate + " must be >= 0");
    }
    if (!(neighbourShare >= 0 && neighbourShare <= 0.95)) {
      throw new IllegalArgumentException(
          "phase " + name + " neighbourShare " + neighbourShare + " must be between 0 and 0.95");
    }
  }

  /** The same phase with another process taking {@code share} of the processors. */
  public Phase withNeighbour(double share) {
    return new Phase(name, seconds, startRate, endRate, task, share);
  }

  /** A phase with a constant arrival rate. */
  public static Phase steady(String name, double seconds, double rate, TaskProfile task) {
    return new Phase(name, seconds, rate, rate, task);
  }

  /** The arrival rate {@code offset} seconds into the phase. */
  public double rateAt(double offset) {
    return startRate + (endRate - startRate) * Math.min(1, Math.max(0, offset / seconds));
  }

  double peakRate() {
    return Math.max(startRate, endRate);
  }
}
