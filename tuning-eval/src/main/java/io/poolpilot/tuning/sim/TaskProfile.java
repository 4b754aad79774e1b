package io.poolpilot.tuning.sim;

import java.util.Objects;

/**
 * What one task does on its pool thread, in order: run on a processor for {@code cpu} seconds of
 * processor time, wait {@code io} seconds for something with unlimited capacity (a disk, a remote
 * service that never queues), then call the scenario's downstream for {@code downstream} seconds of
 * its service time, when it has one.
 */
public record TaskProfile(Distribution cpu, Distribution io, Distribution downstream) {

  public TaskProfile {
    Objects.requireNonNull(cpu, "cpu");
    Objects.requireNonNull(io, "io");
    Objects.requireNonNull(downstream, "downstream");
  }

  /** A task with a CPU part and a waiting part and no downstream call. */
  public static TaskProfile of(Distribution cpu, Distribution io) {
    return new TaskProfile(cpu, io, Distribution.none());
  }

  @Override
  public String toString() {
    String text = "cpu " + cpu + ", io " + io;
    return downstream.mean() > 0 ? text + ", downstream " + downstream : text;
  }
}
