package io.poolpilot.agent.telemetry;

import com.sun.management.OperatingSystemMXBean;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.poolpilot.protocol.TelemetryNames;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * What the tuner needs to know about the process around its pools: CPU time and recent utilization
 * (a saturated CPU means more threads will not help), the processors the JVM sees, time spent in
 * garbage collection (a GC storm looks like CPU saturation), and the container's CPU quota and
 * throttling. Read by the SDK's asynchronous instruments at each export, never on the application's
 * threads.
 */
final class RuntimeMetrics {
  private static final AttributeKey<String> GC_NAME = AttributeKey.stringKey("jvm.gc.name");

  private RuntimeMetrics() {}

  static void register(Meter meter, CgroupCpu cgroup) {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof OperatingSystemMXBean process) {
      meter
          .counterBuilder(TelemetryNames.CPU_TIME.name())
          .ofDoubles()
          .setUnit(TelemetryNames.CPU_TIME.unit())
          .setDescription(TelemetryNames.CPU_TIME.description())
          .buildWithCallback(m -> m.record(process.getProcessCpuTime() / 1e9));
      meter
          .gaugeBuilder(TelemetryNames.CPU_UTILIZATION.name())
          .setUnit(TelemetryNames.CPU_UTILIZATION.unit())
          .setDescription(TelemetryNames.CPU_UTILIZATION.description())
          .buildWithCallback(
              m -> {
                double load = process.getProcessCpuLoad();
                if (load >= 0) {
                  m.record(load);
                }
              });
      // The processors may be busy with other processes: more threads here cannot get them.
      meter
          .gaugeBuilder(TelemetryNames.SYSTEM_CPU_UTILIZATION.name())
          .setUnit(TelemetryNames.SYSTEM_CPU_UTILIZATION.unit())
          .setDescription(TelemetryNames.SYSTEM_CPU_UTILIZATION.description())
          .buildWithCallback(
              m -> {
                double load = process.getCpuLoad();
                if (load >= 0) {
                  m.record(load);
                }
              });
    }
    meter
        .upDownCounterBuilder(TelemetryNames.CPU_COUNT.name())
        .setUnit(TelemetryNames.CPU_COUNT.unit())
        .setDescription(TelemetryNames.CPU_COUNT.description())
        .buildWithCallback(m -> m.record(Runtime.getRuntime().availableProcessors()));
    List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    meter
        .counterBuilder(TelemetryNames.GC_TIME.name())
        .ofDoubles()
        .setUnit(TelemetryNames.GC_TIME.unit())
        .setDescription(TelemetryNames.GC_TIME.description())
        .buildWithCallback(
            m -> {
              for (GarbageCollectorMXBean gc : collectors) {
                long millis = gc.getCollectionTime();
                if (millis >= 0) {
                  m.record(millis / 1e3, Attributes.of(GC_NAME, gc.getName()));
                }
              }
            });
    registerCgroup(meter, cgroup);
  }

  /**
   * The four cgroup readings come from one read of the cgroup's files per export (a batch
   * callback), not one per instrument: each read opens two or three files.
   */
  private static void registerCgroup(Meter meter, CgroupCpu cgroup) {
    if (cgroup.read().isEmpty()) {
      return;
    }
    ObservableDoubleMeasurement limit =
        meter
            .gaugeBuilder(TelemetryNames.CONTAINER_CPU_LIMIT.name())
            .setUnit(TelemetryNames.CONTAINER_CPU_LIMIT.unit())
            .setDescription(TelemetryNames.CONTAINER_CPU_LIMIT.description())
            .buildObserver();
    ObservableLongMeasurement periods =
        meter
            .counterBuilder(TelemetryNames.CONTAINER_CPU_PERIODS.name())
            .setUnit(TelemetryNames.CONTAINER_CPU_PERIODS.unit())
            .setDescription(TelemetryNames.CONTAINER_CPU_PERIODS.description())
            .buildObserver();
    ObservableLongMeasurement throttledPeriods =
        meter
            .counterBuilder(TelemetryNames.CONTAINER_CPU_THROTTLED_PERIODS.name())
            .setUnit(TelemetryNames.CONTAINER_CPU_THROTTLED_PERIODS.unit())
            .setDescription(TelemetryNames.CONTAINER_CPU_THROTTLED_PERIODS.description())
            .buildObserver();
    ObservableDoubleMeasurement throttledTime =
        meter
            .counterBuilder(TelemetryNames.CONTAINER_CPU_THROTTLED_TIME.name())
            .ofDoubles()
            .setUnit(TelemetryNames.CONTAINER_CPU_THROTTLED_TIME.unit())
            .setDescription(TelemetryNames.CONTAINER_CPU_THROTTLED_TIME.description())
            .buildObserver();
    meter.batchCallback(
        () ->
            cgroup
                .read()
                .ifPresent(
                    r -> {
                      if (!Double.isNaN(r.limitCpus())) {
                        limit.record(r.limitCpus());
                      }
                      periods.record(r.periods());
                      throttledPeriods.record(r.throttledPeriods());
                      throttledTime.record(r.throttledNanos() / 1e9);
                    }),
        limit,
        periods,
        throttledPeriods,
        throttledTime);
  }
}
