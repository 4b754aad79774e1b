package io.poolpilot.sidecar.model;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What one export said about a process as a whole, for the tuner: its CPU use, the whole machine's
 * (or container's), processors, garbage collection time and container throttling. Each reading is
 * empty where the export did not carry it. Counts ({@code gcSeconds}, {@code cpuPeriods}, {@code
 * throttledPeriods}) are cumulative when {@code delta} is false, and the amount since the previous
 * export when it is true.
 *
 * @param startTimeUnixNano when the cumulative counts began (the earliest start time of their
 *     points); 0 when the exporter did not say
 */
public record ProcessReport(
    InstanceKey key,
    long timeUnixNano,
    OptionalDouble cpuUtilization,
    OptionalDouble processors,
    OptionalDouble gcSeconds,
    OptionalDouble cpuPeriods,
    OptionalDouble throttledPeriods,
    boolean delta,
    OptionalDouble systemCpuUtilization,
    long startTimeUnixNano) {

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
