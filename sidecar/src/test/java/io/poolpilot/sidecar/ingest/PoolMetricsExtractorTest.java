package io.poolpilot.sidecar.ingest;

import static io.poolpilot.sidecar.testing.PoolExport.pool;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.poolpilot.protocol.TelemetryNames;
import io.poolpilot.sidecar.model.CounterPoint;
import io.poolpilot.sidecar.model.InstanceKey;
import io.poolpilot.sidecar.model.PoolKey;
import io.poolpilot.sidecar.model.PoolReport;
import io.poolpilot.sidecar.model.PoolValue;
import io.poolpilot.sidecar.model.Temporality;
import io.poolpilot.sidecar.testing.PoolExport;
import org.junit.jupiter.api.Test;

class PoolMetricsExtractorTest {

  private final PoolMetricsExtractor extractor = new PoolMetricsExtractor();

  @Test
  void readsEveryPoolMetricOfAnAgentExport() {
    ExportMetricsServiceRequest request =
        pool("orders", "i-1", "orders-*")
            .at(PoolExport.START_NANOS + 5)
            .threads(4, 16, 3, 1)
            .queue(7, 1000, 0.25)
            .tasks(120, 2)
            .queueWait(3, 1, -80, 10, 0, 5)
            .request();

    PoolMetricsExtractor.Extraction extraction = extractor.extract(request);

    assertThat(extraction.rejectedPoints()).isZero();
    assertThat(extraction.reports()).hasSize(1);
    PoolReport report = extraction.reports().get(0);
    assertThat(report.key()).isEqualTo(new PoolKey("orders", "i-1", "orders-*"));
    assertThat(report.timeUnixNano()).isEqualTo(PoolExport.START_NANOS + 5);
    assertThat(report.values())
        .containsEntry(PoolValue.CORE, 4.0)
        .containsEntry(PoolValue.MAX, 16.0)
        .containsEntry(PoolValue.ACTIVE, 3.0)
        .containsEntry(PoolValue.IDLE, 1.0)
        .containsEntry(PoolValue.QUEUED, 7.0)
        .containsEntry(PoolValue.QUEUE_CAPACITY, 1000.0)
        .containsEntry(PoolValue.OLDEST_AGE_SECONDS, 0.25);
    assertThat(report.counters().get(PoolValue.COMPLETED))
        .isEqualTo(
            new CounterPoint(
                Temporality.CUMULATIVE, PoolExport.START_NANOS, PoolExport.START_NANOS + 5, 120));
    assertThat(report.counters().get(PoolValue.REJECTED).value()).isEqualTo(2.0);
    assertThat(report.queueWait()).isPresent();
    assertThat(report.queueWait().get().startTimeUnixNano()).isEqualTo(PoolExport.START_NANOS);
    assertThat(report.queueWait().get().histogram().totalCount()).isEqualTo(16);
    assertThat(report.queueWait().get().histogram().count(-78)).isEqualTo(5);
  }

  @Test
  void readsTheRunTimeHistogramBesideTheQueueWait() {
    ExportMetricsServiceRequest request =
        pool("orders", "i-1", "orders-*")
            .queueWait(3, 0, -80, 4)
            .runTime(3, 0, -40, 6, 1)
            .request();

    PoolReport report = extractor.extract(request).reports().get(0);

    assertThat(report.queueWait().orElseThrow().histogram().totalCount()).isEqualTo(4);
    assertThat(report.runTime().orElseThrow().histogram().totalCount()).isEqualTo(7);
    assertThat(report.runTime().orElseThrow().histogram().count(-39)).isEqualTo(1);
  }

  @Test
  void separatesPoolsByServiceInstanceAndName() {
    ExportMetricsServiceRequest request =
        ExportMetricsServiceRequest.newBuilder()
            .addResourceMetrics(pool("orders", "i-1", "a-*").threads(1, 1, 0, 1).resourceMetrics())
            .addResourceMetrics(pool("orders", "i-2", "a-*").threads(1, 1, 0, 1).resourceMetrics())
            .addResourceMetrics(pool("orders", "i-2", "b-*").threads(1, 1, 0, 1).resourceMetrics())
            .build();

    assertThat(extractor.extract(request).reports())
        .extracting(PoolReport::key)
        .containsExactly(
            new PoolKey("orders", "i-1", "a-*"),
            new PoolKey("orders", "i-2", "a-*"),
            new PoolKey("orders", "i-2", "b-*"));
  }

  @Test
  void passesOverMetricsThatAreNotAboutPools() {
    ExportMetricsServiceRequest request =
        pool("orders", "i-1", "orders-*")
            .otherMetric("http.server.request.duration", 3)
            .otherMetric("jvm.memory.used", 3)
            .request();

    PoolMetricsExtractor.Extraction extraction = extractor.extract(request);

    assertThat(extraction.reports()).isEmpty();
    assertThat(extraction.rejectedPoints()).isZero();
  }

  @Test
  void aResourceWithoutIdentityGetsTheOpenTelemetryDefaults() {
    ExportMetricsServiceRequest request = pool("ignored", "", "p-*").threads(1, 2, 0, 1).request();
    ExportMetricsServiceRequest anonymous =
        request.toBuilder()
            .setResourceMetrics(
                0, request.getResourceMetrics(0).toBuilder().clearResource().build())
            .build();

    assertThat(extractor.extract(anonymous).reports().get(0).key())
        .isEqualTo(new PoolKey("unknown_service", "", "p-*"));
  }

  @Test
  void readsThePoolsCountOfFailedRequestsFromTheProtobufAndTheStreamingReaderAlike()
      throws Exception {
    ExportMetricsServiceRequest request =
        pool("orders", "i-1", "orders-*").tasks(120, 0).failedRequests(45).request();

    PoolReport parsed = extractor.extract(request).reports().get(0);
    PoolReport streamed =
        extractor
            .extract(StreamingMetricsReader.read(java.nio.ByteBuffer.wrap(request.toByteArray())))
            .reports()
            .get(0);

    assertThat(parsed.counters().get(PoolValue.FAILED_REQUESTS))
        .isEqualTo(
            new CounterPoint(
                Temporality.CUMULATIVE,
                PoolExport.START_NANOS,
                PoolExport.START_NANOS + 1_000_000_000L,
                45));
    assertThat(streamed.counters()).isEqualTo(parsed.counters());
  }

  @Test
  void acceptsADeltaCountOfFailedRequests() {
    ExportMetricsServiceRequest request =
        pool("orders", "i-1", "orders-*").delta().tasks(5, 0).failedRequests(2).request();

    PoolMetricsExtractor.Extraction extraction = extractor.extract(request);

    assertThat(extraction.rejectedPoints()).isZero();
    assertThat(extraction.reports().get(0).counters().get(PoolValue.FAILED_REQUESTS).value())
        .isEqualTo(2.0);
  }

  @Test
  void acceptsDeltaCountersAndHistograms() {
    ExportMetricsServiceRequest request =
        pool("orders", "i-1", "orders-*").delta().tasks(5, 1).queueWait(3, 0, -8, 4).request();

    PoolMetricsExtractor.Extraction extraction = extractor.extract(request);

    assertThat(extraction.rejectedPoints()).isZero();
    PoolReport report = extraction.reports().get(0);
    assertThat(report.counters().get(PoolValue.COMPLETED).temporality())
        .isEqualTo(Temporality.DELTA);
    assertThat(report.counters().get(PoolValue.COMPLETED).value()).isEqualTo(5.0);
    assertThat(report.queueWait().get().temporality()).isEqualTo(Temporality.DELTA);
    assertThat(report.queueWait().get().histogram().totalCount()).isEqualTo(4);
  }

  @Test
  void rejectsADeltaThreadCountWithTheReason() {
    ExportMetricsServiceRequest request =
        pool("orders", "i-1", "orders-*").deltaThreadCount(2).tasks(5, 0).request();

    PoolMetricsExtractor.Extraction extraction = extractor.extract(request);

    assertThat(extraction.rejectedPoints()).isEqualTo(1);
    assertThat(extraction.firstProblem())
        .isEqualTo(
            "jvm.executor.thread.count has delta temporality, expected cumulative for a count of"
                + " things now");
    assertThat(extraction.reports().get(0).values()).doesNotContainKey(PoolValue.ACTIVE);
  }

  @Test
  void addsUpPointsOfOnePoolSplitByOtherAttributes() {
    PoolExport export = pool("orders", "i-1", "orders-*").delta().tasks(5, 0).tasks(7, 1);
    export.queueWait(3, 0, -8, 4).queueWait(3, 1, -8, 0, 2);

    PoolReport report = extractor.extract(export.request()).reports().get(0);

    assertThat(report.counters().get(PoolValue.COMPLETED).value()).isEqualTo(12.0);
    assertThat(report.queueWait().get().histogram().totalCount()).isEqualTo(7);
  }

  @Test
  void namesEverySenderWithItsDistribution() {
    ExportMetricsServiceRequest request =
        ExportMetricsServiceRequest.newBuilder()
            .addResourceMetrics(pool("orders", "i-1", "a-*").distro("poolpilot").resourceMetrics())
            .addResourceMetrics(pool("orders", "otel-1", "a-*").resourceMetrics())
            .build();

    assertThat(extractor.extract(request).senders())
        .containsEntry(new InstanceKey("orders", "i-1"), "poolpilot")
        .containsEntry(new InstanceKey("orders", "otel-1"), "");
  }

  @Test
  void rejectsPointsThatNameNoPool() {
    Metric unnamed =
        Metric.newBuilder()
            .setName("jvm.executor.queue.size")
            .setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder().setAsInt(3)))
            .build();
    ExportMetricsServiceRequest request =
        ExportMetricsServiceRequest.newBuilder()
            .addResourceMetrics(
                ResourceMetrics.newBuilder()
                    .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(unnamed)))
            .build();

    PoolMetricsExtractor.Extraction extraction = extractor.extract(request);

    assertThat(extraction.reports()).isEmpty();
    assertThat(extraction.rejectedPoints()).isEqualTo(1);
    assertThat(extraction.firstProblem()).contains("without attribute jvm.executor.name");
  }

  @Test
  void readsHistogramsThatCarryMinAndMaxAsTheirBucketsSay() {
    ExportMetricsServiceRequest plain =
        pool("orders", "i-1", "orders-*")
            .queueWait(3, 1, -80, 10, 0, 5)
            .runTime(3, 0, -40, 6, 1)
            .request();
    ExportMetricsServiceRequest.Builder withExtremes = plain.toBuilder();
    withExtremes.getResourceMetricsBuilderList().stream()
        .flatMap(r -> r.getScopeMetricsBuilderList().stream())
        .flatMap(s -> s.getMetricsBuilderList().stream())
        .filter(m -> m.hasExponentialHistogram())
        .flatMap(m -> m.getExponentialHistogramBuilder().getDataPointsBuilderList().stream())
        .forEach(point -> point.setMin(0).setMax(4.5));

    PoolMetricsExtractor.Extraction extraction = extractor.extract(withExtremes.build());

    assertThat(extraction.rejectedPoints()).isZero();
    assertThat(extraction.reports())
        .usingRecursiveFieldByFieldElementComparator()
        .isEqualTo(extractor.extract(plain).reports());
    assertThat(extraction.reports().get(0).queueWait().orElseThrow().histogram().totalCount())
        .isEqualTo(16);
  }

  @Test
  void theExecutorTypeAndOwnerNeitherSplitNorRenameAPool() {
    ExportMetricsServiceRequest plain =
        pool("orders", "i-1", "http-nio-8080-exec-*")
            .threads(4, 16, 3, 1)
            .queue(7, 1000, 0.25)
            .tasks(120, 2)
            .queueWait(3, 1, -80, 10, 0, 5)
            .runTime(3, 0, -40, 6, 1)
            .request();
    ExportMetricsServiceRequest.Builder tagged = plain.toBuilder();
    tagged.getResourceMetricsBuilderList().stream()
        .flatMap(r -> r.getScopeMetricsBuilderList().stream())
        .flatMap(s -> s.getMetricsBuilderList().stream())
        .forEach(
            m -> {
              // Only the builder of the kind the metric has: another would change its kind.
              if (m.hasGauge()) {
                m.getGaugeBuilder()
                    .getDataPointsBuilderList()
                    .forEach(p -> tag(p.getAttributesList(), p::addAttributes));
              } else if (m.hasSum()) {
                m.getSumBuilder()
                    .getDataPointsBuilderList()
                    .forEach(p -> tag(p.getAttributesList(), p::addAttributes));
              } else if (m.hasExponentialHistogram()) {
                m.getExponentialHistogramBuilder()
                    .getDataPointsBuilderList()
                    .forEach(p -> tag(p.getAttributesList(), p::addAttributes));
              }
            });

    PoolMetricsExtractor.Extraction extraction = extractor.extract(tagged.build());

    assertThat(extraction.rejectedPoints()).isZero();
    assertThat(extraction.reports()).hasSize(1);
    assertThat(extraction.reports().get(0).key())
        .isEqualTo(new PoolKey("orders", "i-1", "http-nio-8080-exec-*"));
    assertThat(extraction.reports())
        .usingRecursiveFieldByFieldElementComparator()
        .isEqualTo(extractor.extract(plain).reports());
  }

  /** Adds the type and owner the agent puts on every point of a Tomcat pool. */
  private static void tag(
      java.util.List<KeyValue> existing, java.util.function.Consumer<KeyValue> add) {
    assertThat(existing).as("a point of the pool").isNotEmpty();
    add.accept(
        attribute(
            TelemetryNames.EXECUTOR_TYPE, "org.apache.tomcat.util.threads.ThreadPoolExecutor"));
    add.accept(attribute(TelemetryNames.EXECUTOR_OWNER_NAME, TelemetryNames.OWNER_TOMCAT));
  }

  private static KeyValue attribute(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  @Test
  void rejectsAQueueWaitHistogramWithAnImpossibleScale() {
    ExportMetricsServiceRequest request =
        pool("orders", "i-1", "orders-*").queueWait(40, 0, 0, 1).request();

    PoolMetricsExtractor.Extraction extraction = extractor.extract(request);

    assertThat(extraction.rejectedPoints()).isEqualTo(1);
    assertThat(extraction.firstProblem()).contains("scale 40");
  }
}
