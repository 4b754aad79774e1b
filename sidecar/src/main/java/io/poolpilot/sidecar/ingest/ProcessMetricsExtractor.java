package io.poolpilot.sidecar.ingest;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric.DataCase;
import io.poolpilot.protocol.TelemetryNames;
import io.poolpilot.sidecar.ingest.MetricsView.Metric;
import io.poolpilot.sidecar.ingest.MetricsView.NumberPoint;
import io.poolpilot.sidecar.model.CounterPoint;
import io.poolpilot.sidecar.model.InstanceKey;
import io.poolpilot.sidecar.model.ProcessReport;
import io.poolpilot.sidecar.model.Temporality;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Reads the process-wide metrics the tuner needs from an OTLP export (CPU use, processors, GC time,
 * container throttling; see docs/telemetry.md), one {@link ProcessReport} per resource that carries
 * any. Points of one metric are summed (GC time comes per collector). Unusable points (negative,
 * not finite, above {@link OtlpNumbers#MAX_READING} or timed past 2262) are skipped: these readings
 * only refine the tuner's judgement, and a process whose figures are missing is tuned as one whose
 * CPU is not known to be busy. Bounded readings keep every sum finite, however many points come.
 * Each counter keeps its own temporality and start ({@link ProcessReport}).
 */
public final class ProcessMetricsExtractor {

  public List<ProcessReport> extract(ExportMetricsServiceRequest request) {
    return extract(MetricsView.of(request));
  }

  List<ProcessReport> extract(MetricsView export) {
    List<ProcessReport> reports = new ArrayList<>();
    for (MetricsView.Resource resource : export.resources()) {
      InstanceKey key = resource.key();
      Readings readings = new Readings();
      for (Metric metric : resource.metrics()) {
        readings.read(metric);
      }
      ProcessReport report = readings.report(key);
      if (!report.isEmpty()) {
        reports.add(report);
      }
    }
    return reports;
  }

  private static final class Readings {
    private OptionalDouble cpuUtilization = OptionalDouble.empty();
    private OptionalDouble systemCpu = OptionalDouble.empty();
    private OptionalDouble processors = OptionalDouble.empty();
    private Optional<CounterPoint> gcSeconds = Optional.empty();
    private Optional<CounterPoint> periods = Optional.empty();
    private Optional<CounterPoint> throttled = Optional.empty();
    private long time;

    void read(Metric metric) {
      String name = metric.name();
      if (name.equals(TelemetryNames.CPU_UTILIZATION.name())) {
        cpuUtilization = sum(metric);
      } else if (name.equals(TelemetryNames.SYSTEM_CPU_UTILIZATION.name())) {
        systemCpu = sum(metric);
      } else if (name.equals(TelemetryNames.CPU_COUNT.name())) {
        processors = sum(metric);
      } else if (name.equals(TelemetryNames.GC_TIME.name())) {
        gcSeconds = counter(metric);
      } else if (name.equals(TelemetryNames.CONTAINER_CPU_PERIODS.name())) {
        periods = counter(metric);
      } else if (name.equals(TelemetryNames.CONTAINER_CPU_THROTTLED_PERIODS.name())) {
        throttled = counter(metric);
      }
    }

    /**
     * The counter's points summed into one, with the counter's own temporality and start: the
     * counts are separate series, so one's start says nothing of another's.
     */
    private Optional<CounterPoint> counter(Metric metric) {
      Temporality temporality =
          metric.kind() == DataCase.SUM && metric.delta()
              ? Temporality.DELTA
              : Temporality.CUMULATIVE;
      CounterPoint total = null;
      for (NumberPoint point : metric.numbers()) {
        double value = point.value();
        if (OtlpNumbers.usable(value) && point.timeUnixNano() >= 0) {
          CounterPoint counted =
              new CounterPoint(temporality, point.startTimeUnixNano(), point.timeUnixNano(), value);
          total = total == null ? counted : total.plus(counted);
          time = Math.max(time, point.timeUnixNano());
        }
      }
      return Optional.ofNullable(total);
    }

    private OptionalDouble sum(Metric metric) {
      double total = 0;
      boolean any = false;
      for (NumberPoint point : metric.numbers()) {
        double value = point.value();
        if (OtlpNumbers.usable(value) && point.timeUnixNano() >= 0) {
          total += value;
          any = true;
          time = Math.max(time, point.timeUnixNano());
        }
      }
      return any ? OptionalDouble.of(total) : OptionalDouble.empty();
    }

    ProcessReport report(InstanceKey key) {
      return new ProcessReport(
          key, time, cpuUtilization, processors, gcSeconds, periods, throttled, systemCpu);
    }
  }
}
