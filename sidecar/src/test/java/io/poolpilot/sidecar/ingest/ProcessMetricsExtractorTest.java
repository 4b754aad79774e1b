package io.poolpilot.sidecar.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import io.poolpilot.sidecar.model.InstanceKey;
import io.poolpilot.sidecar.model.ProcessModel;
import io.poolpilot.sidecar.model.ProcessReport;
import io.poolpilot.sidecar.model.Temporality;
import io.poolpilot.tuning.telemetry.ProcessReading;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessMetricsExtractorTest {
  private static final InstanceKey KEY = new InstanceKey("orders", "i-1");
  private final ProcessMetricsExtractor extractor = new ProcessMetricsExtractor();

  @Test
  void readsCpuGcAndThrottlingPerProcessSummingCollectors() {
    ExportMetricsServiceRequest request =
        request(
            gauge("jvm.cpu.recent_utilization", 0.8),
            gauge("jvm.system.cpu.utilization", 0.97),
            sum("jvm.cpu.count", AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE, 2),
            sum(
                "poolpilot.jvm.gc.time",
                AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE,
                1.5,
                0.25),
            sum(
                "poolpilot.container.cpu.periods",
                AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE,
                400),
            sum(
                "poolpilot.container.cpu.throttled_periods",
                AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE,
                40),
            gauge("jvm.executor.queue.size", 3));

    List<ProcessReport> reports = extractor.extract(request);

    assertThat(reports).hasSize(1);
    ProcessReport report = reports.get(0);
    assertThat(report.key()).isEqualTo(new InstanceKey("orders", "i-1"));
    assertThat(report.cpuUtilization()).hasValue(0.8);
    assertThat(report.systemCpuUtilization()).hasValue(0.97);
    assertThat(report.processors()).hasValue(2);
    assertThat(report.gcSeconds().orElseThrow().value()).isEqualTo(1.75);
    assertThat(report.gcSeconds().orElseThrow().temporality()).isEqualTo(Temporality.CUMULATIVE);
    assertThat(report.cpuPeriods().orElseThrow().value()).isEqualTo(400);
    assertThat(report.throttledPeriods().orElseThrow().value()).isEqualTo(40);
    assertThat(report.timeUnixNano()).isEqualTo(7L);
  }

  @Test
  void aDeltaCounterIsMarkedAndBadPointsAreSkipped() {
    ExportMetricsServiceRequest request =
        request(
            sum("poolpilot.jvm.gc.time", AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA, 0.1),
            gauge("jvm.cpu.recent_utilization", Double.NaN));

    ProcessReport report = extractor.extract(request).get(0);

    assertThat(report.gcSeconds().orElseThrow().temporality()).isEqualTo(Temporality.DELTA);
    assertThat(report.gcSeconds().orElseThrow().value()).isEqualTo(0.1);
    assertThat(report.cpuUtilization()).isEmpty();
  }

  @Test
  void eachCounterCountsFromItsOwnStartSoARestartOfOneIsNotTakenForGrowth() {
    ProcessModel model = new ProcessModel();
    model.record(
        extractor
            .extract(
                request(
                    counter("poolpilot.jvm.gc.time", 100, 1_000, 1.0),
                    counter("poolpilot.container.cpu.periods", 10, 1_000, 400),
                    counter("poolpilot.container.cpu.throttled_periods", 10, 1_000, 40)))
            .get(0));
    ProcessReading before = model.reading(KEY).orElseThrow();

    // The GC count began again at 200 and has counted 3 s since; the container's counts went on.
    model.record(
        extractor
            .extract(
                request(
                    counter("poolpilot.jvm.gc.time", 200, 2_000, 3.0),
                    counter("poolpilot.container.cpu.periods", 10, 2_000, 500),
                    counter("poolpilot.container.cpu.throttled_periods", 10, 2_000, 50)))
            .get(0));
    ProcessReading after = model.reading(KEY).orElseThrow();

    assertThat(after.gcSeconds().since(before.gcSeconds()))
        .as("all 3 s came after the restart, not 3 - 1")
        .isEqualTo(3.0);
    assertThat(after.cpuPeriods().since(before.cpuPeriods())).isEqualTo(100);
    assertThat(after.throttledPeriods().since(before.throttledPeriods())).isEqualTo(10);
  }

  @Test
  void aResourceWithoutProcessMetricsGivesNoReport() {
    assertThat(extractor.extract(request(gauge("jvm.executor.queue.size", 3)))).isEmpty();
  }

  private static ExportMetricsServiceRequest request(Metric... metrics) {
    Resource resource =
        Resource.newBuilder()
            .addAttributes(attribute("service.name", "orders"))
            .addAttributes(attribute("service.instance.id", "i-1"))
            .build();
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .setResource(resource)
                .addScopeMetrics(ScopeMetrics.newBuilder().addAllMetrics(List.of(metrics))))
        .build();
  }

  private static KeyValue attribute(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  private static Metric gauge(String name, double value) {
    return Metric.newBuilder()
        .setName(name)
        .setGauge(Gauge.newBuilder().addDataPoints(point(value)))
        .build();
  }

  private static Metric sum(String name, AggregationTemporality temporality, double... values) {
    Sum.Builder sum = Sum.newBuilder().setAggregationTemporality(temporality).setIsMonotonic(true);
    for (double value : values) {
      sum.addDataPoints(point(value));
    }
    return Metric.newBuilder().setName(name).setSum(sum).build();
  }

  private static Metric counter(String name, long start, long time, double value) {
    NumberDataPoint point =
        NumberDataPoint.newBuilder()
            .setAsDouble(value)
            .setStartTimeUnixNano(start)
            .setTimeUnixNano(time)
            .build();
    Sum sum =
        Sum.newBuilder()
            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
            .setIsMonotonic(true)
            .addDataPoints(point)
            .build();
    return Metric.newBuilder().setName(name).setSum(sum).build();
  }

  private static NumberDataPoint point(double value) {
    return NumberDataPoint.newBuilder().setAsDouble(value).setTimeUnixNano(7).build();
  }
}
