package io.poolpilot.sidecar.ingest;

import static io.poolpilot.sidecar.testing.PoolExport.pool;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.poolpilot.sidecar.model.HistogramPoint;
import io.poolpilot.sidecar.model.PoolReport;
import io.poolpilot.sidecar.model.PoolValue;
import io.poolpilot.sidecar.testing.Allocation;
import io.poolpilot.sidecar.testing.PoolExport;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** What no sender can make the extractor take or allocate, and how it says so. */
class PoolMetricsBoundsTest {

  private static final String WAIT = "jvm.executor.task.wait.duration";

  private final PoolMetricsExtractor extractor = new PoolMetricsExtractor();

  @Test
  void refusesTwoFarApartPointsOfAPoolWithoutAllocatingTheirSpan() {
    // Scale 20 holds 2^20 buckets per power of two: 2^25 apart is 32 powers of two, a valid
    // range for each point, but a 256 MB sum.
    PoolExport export = pool("orders", "i-1", "orders-*").queueWait(20, 0, 0, 3);
    export.queueWait(20, 0, 1 << 25, 4);

    long before = Allocation.ofThisThread();
    PoolMetricsExtractor.Extraction extraction = extractor.extract(export.request());

    assertThat(Allocation.ofThisThread() - before).isLessThan(4 << 20);
    assertThat(extraction.rejectedPoints()).isEqualTo(1);
    assertThat(extraction.firstProblem())
        .isEqualTo(
            WAIT
                + " of pool orders-*: added to the pool's other points it spans 33554433 buckets,"
                + " expected at most 4096");
    assertThat(extraction.reports().get(0).queueWait().get().histogram().totalCount())
        .as("the first point is kept")
        .isEqualTo(3);
  }

  @Test
  void refusesOffsetsNoDurationHas() {
    for (int offset : new int[] {1 << 27, 1 << 29, Integer.MAX_VALUE - 1, Integer.MIN_VALUE}) {
      PoolMetricsExtractor.Extraction extraction =
          extractor.extract(
              pool("orders", "i-1", "orders-*").queueWait(3, 0, offset, 1, 1).request());

      assertThat(extraction.rejectedPoints()).as("offset %d", offset).isEqualTo(1);
      assertThat(extraction.firstProblem())
          .startsWith(WAIT + " of pool orders-*: buckets " + offset + " to ")
          .endsWith("at scale 3 hold values outside 2^-64 to 2^64 s");
    }
  }

  @Test
  void refusesScalesOutsideTheDataModel() {
    PoolMetricsExtractor.Extraction extraction =
        extractor.extract(pool("orders", "i-1", "orders-*").queueWait(-11, 0, 0, 1).request());

    assertThat(extraction.firstProblem())
        .isEqualTo(WAIT + " of pool orders-*: scale -11 outside [-10, 20]");
  }

  @Test
  void refusesMoreBucketsThanTheBoundBeforeCopyingThem() {
    long[] counts = new long[HistogramPoint.MAX_BUCKETS + 1];
    PoolMetricsExtractor.Extraction extraction =
        extractor.extract(
            pool("orders", "i-1", "orders-*").queueWait(3, 0, -240, counts).request());

    assertThat(extraction.firstProblem())
        .isEqualTo(WAIT + " of pool orders-*: 4097 buckets, expected at most 4096");
  }

  @Test
  void refusesCountsAboveWhatADoubleHoldsExactly() {
    // -1 goes on the wire as the uint64 18446744073709551615.
    PoolMetricsExtractor.Extraction extraction =
        extractor.extract(pool("orders", "i-1", "orders-*").queueWait(3, 0, 0, 5, -1).request());

    assertThat(extraction.firstProblem())
        .isEqualTo(
            WAIT
                + " of pool orders-*: a bucket counts 18446744073709551615 values, expected at"
                + " most 2^53");
  }

  @Test
  void boundsTheBucketsOfAllPoolsOfOneExport() {
    long[] full = LongStream.range(0, HistogramPoint.MAX_BUCKETS).map(k -> 1).toArray();
    ExportMetricsServiceRequest.Builder request = ExportMetricsServiceRequest.newBuilder();
    int pools = (int) (HistogramPointReader.MAX_EXPORT_BUCKETS / HistogramPoint.MAX_BUCKETS) + 3;
    for (int p = 0; p < pools; p++) {
      request.addResourceMetrics(
          pool("orders", "i-1", "pool-" + p).queueWait(12, 0, -4096, full).resourceMetrics());
    }

    PoolMetricsExtractor.Extraction extraction = extractor.extract(request.build());

    assertThat(extraction.rejectedPoints()).isEqualTo(3);
    assertThat(extraction.firstProblem())
        .isEqualTo(
            WAIT
                + " of pool pool-256: the export's pool histograms hold more than 1048576 buckets"
                + " in all");
  }

  @Test
  void ignoresAHistogramSumThatIsNotFinite() {
    ExportMetricsServiceRequest request =
        withPoint(
            WAIT,
            ExponentialHistogramDataPoint.newBuilder()
                .addAttributes(poolName("orders-*"))
                .setTimeUnixNano(PoolExport.START_NANOS)
                .setScale(3)
                .setSum(Double.NaN)
                .setMax(Double.POSITIVE_INFINITY)
                .setPositive(
                    ExponentialHistogramDataPoint.Buckets.newBuilder()
                        .setOffset(-8)
                        .addBucketCounts(2))
                .build());

    PoolMetricsExtractor.Extraction extraction = extractor.extract(request);

    assertThat(extraction.rejectedPoints()).isZero();
    assertThat(extraction.reports().get(0).queueWait().get().histogram().totalCount()).isEqualTo(2);
  }

  @Test
  void refusesGaugesThatAreNotFiniteOrBeyondAnyCount() {
    for (double value : new double[] {Double.NaN, Double.POSITIVE_INFINITY, 1e300, -1}) {
      PoolMetricsExtractor.Extraction extraction =
          extractor.extract(gauge("jvm.executor.thread.core", value));

      assertThat(extraction.reports()).as("%s", value).isEmpty();
      assertThat(extraction.firstProblem())
          .isEqualTo(
              "jvm.executor.thread.core of pool orders-* is "
                  + value
                  + ", expected a finite value from 0 to 2^53");
    }
  }

  @Test
  void refusesCountersBeyondAnyCount() {
    PoolMetricsExtractor.Extraction extraction =
        extractor.extract(gauge("jvm.executor.task.completed", Double.MAX_VALUE));

    assertThat(extraction.reports()).isEmpty();
    assertThat(extraction.rejectedPoints()).isEqualTo(1);
  }

  @Test
  void takesTheLargestCount() {
    PoolReport report =
        extractor
            .extract(gauge("jvm.executor.queue.size", OtlpNumbers.MAX_READING))
            .reports()
            .get(0);

    assertThat(report.values()).containsEntry(PoolValue.QUEUED, OtlpNumbers.MAX_READING);
  }

  @Test
  void refusesPointsTimedAfter2262() {
    // A fixed64 time above 2^63: negative as a Java long, so any difference with it overflows.
    ExportMetricsServiceRequest request =
        pool("orders", "i-1", "orders-*")
            .at(-5)
            .threads(2, 4, 1, 1)
            .queueWait(3, 0, 0, 1)
            .request();

    PoolMetricsExtractor.Extraction extraction = extractor.extract(request);

    assertThat(extraction.reports()).isEmpty();
    assertThat(extraction.rejectedPoints()).isEqualTo(5);
    assertThat(extraction.firstProblem())
        .isEqualTo(
            "jvm.executor.thread.core of pool orders-*: time 18446744073709551611 ns is after"
                + " 2262, expected a time since 1970 in nanoseconds");
  }

  private static ExportMetricsServiceRequest gauge(String name, double value) {
    return withMetric(
        Metric.newBuilder()
            .setName(name)
            .setGauge(
                Gauge.newBuilder()
                    .addDataPoints(
                        NumberDataPoint.newBuilder()
                            .addAttributes(poolName("orders-*"))
                            .setTimeUnixNano(PoolExport.START_NANOS)
                            .setAsDouble(value)))
            .build());
  }

  private static ExportMetricsServiceRequest withPoint(
      String name, ExponentialHistogramDataPoint point) {
    return withMetric(
        Metric.newBuilder()
            .setName(name)
            .setExponentialHistogram(ExponentialHistogram.newBuilder().addDataPoints(point))
            .build());
  }

  private static ExportMetricsServiceRequest withMetric(Metric metric) {
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(metric)))
        .build();
  }

  private static KeyValue poolName(String pool) {
    return KeyValue.newBuilder()
        .setKey("jvm.executor.name")
        .setValue(AnyValue.newBuilder().setStringValue(pool))
        .build();
  }
}
