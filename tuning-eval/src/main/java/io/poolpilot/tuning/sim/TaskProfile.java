package io.poolpilot.tuning.sim;

import java.util.Objects;

/**
 * What one task does on its pool thread, in order: when it waited in the pool's queue longer than
 * {@code shedAfterSeconds}, end at once as a failure (a deadline-aware handler answering 503, as
 * the real-JVM evaluation's service does); else run on a processor for {@code cpu} seconds of
 * processor time, wait {@code io} seconds for something with unlimited capacity (a disk, a remote
 * service that never queues), then call the scenario's downstream for {@code downstream} seconds of
 * its service time, when it has one.
 *
 * @param shedAfterSeconds queue wait past which the task is refused; infinite for a task that is
 *     always worked on
 */
public record TaskProfile(
    Distribution cpu, Distribution io, Distribution downstream, double shedAfterSeconds) {

  public TaskProfile {
    Objects.requireNonNull(cpu, "cpu");
    Objects.requireNonNull(io, "io");
    Objects.requireNonNull(downstream, "downstream");
    if (!(shedAfterSeconds >= 0)) {
      throw new IllegalArgumentException(
          "shedAfterSeconds " + shedAfterSeconds + ", expected a wait >= 0 or infinity");
    }
  }

  /** A task that is always worked on, however long it waited. */
  public TaskProfile(Distribution cpu, Distribution io, Distribution downstream) {
    this(cpu, io, downstream, Double.POSITIVE_INFINITY);
  }

  /** The same work, refused at once when it waited longer than {@code seconds}. */
  public TaskProfile shedAfter(double seconds) {
    return new TaskProfile(cpu, io, downstream, seconds);
  }

  /** A task with a CPU part and a waiting part and no downstream call. */
  public static TaskProfile of(Distribution cpu, Distribution io) {
    return new TaskProfile(cpu, io, Distribution.none());
  }

  @Override
  public String toString() {
    String text = "cpu " + cpu + ", io " + io;
    text = downstream.mean() > 0 ? text + ", downstream " + downstream : text;
    return Double.isInfinite(shedAfterSeconds)
        ? text
        : text + ", shed after " + Math.round(shedAfterSeconds * 1000) + " ms";
  }
}
