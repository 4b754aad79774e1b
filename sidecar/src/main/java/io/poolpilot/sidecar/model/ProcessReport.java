package io.poolpilot.sidecar.model;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What one export said about a process as a whole, for the tuner: its CPU use, the whole machine's
 * (or container's), processors, garbage collection time and container throttling. Each reading is
 * empty where the export did not carry it.
 *
 * <p>Each count ({@code gcSeconds}, {@code cpuPeriods}, {@code throttledPeriods}) is its own {@link
 * CounterPoint}, with its own temporality and start: they are separate series (GC time is the
 * JVM's, the quota periods the container's), which begin and restart apart, so a start shared
 * between them would hide a restart of one behind the others' older start.
 */
public record ProcessReport(
    InstanceKey key,
    long timeUnixNano,
    OptionalDouble cpuUtilization,
    OptionalDouble processors,
    Optional<CounterPoint> gcSeconds,
    Optional<CounterPoint> cpuPeriods,
    Optional<CounterPoint> throttledPeriods,
    OptionalDouble systemCpuUtilization) {

  public ProcessReport {
    Objects.requireNonNull(systemCpuUtilization, "systemCpuUtilization");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(cpuUtilization, "cpuUtilization");
    Objects.requireNonNull(processors, "processors");
    Objects.requireNonNull(gcSeconds, "gcSeconds");
    Objects.requireNonNull(cpuPeriods, "cpuPeriods");
    Objects.requireNonNull(throttledPeriods, "throttledPeriods");
  }

  /** Whether the export carried any process reading at all. */
  public boolean isEmpty() {
    return cpuUtilization.isEmpty()
        && systemCpuUtilization.isEmpty()
        && processors.isEmpty()
        && gcSeconds.isEmpty()
        && cpuPeriods.isEmpty()
        && throttledPeriods.isEmpty();
  }
}
