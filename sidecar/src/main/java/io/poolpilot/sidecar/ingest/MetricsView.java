package io.poolpilot.sidecar.ingest;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.poolpilot.protocol.TelemetryNames;
import io.poolpilot.sidecar.model.InstanceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The parts of an OTLP metrics export the extractors read, and nothing else: per resource the
 * process's three identifying attributes and its metrics (scopes flattened, in order), per metric
 * its name, kind, temporality and points, per point the two attributes a pool's data is keyed by,
 * its times and its value or buckets. Built either by {@link StreamingMetricsReader} straight from
 * a protobuf body, which allocates a small fraction of what protobuf-java's generated messages
 * cost, or from a decoded message ({@link #of}) for a JSON body; the extractors cannot tell which.
 */
record MetricsView(List<Resource> resources) {

  MetricsView {
    resources = List.copyOf(resources);
  }

  /**
   * A resource's process and metrics. Each attribute is the first non-empty string value under its
   * key, as {@link OtlpAttributes#string} reads it, or null.
   */
  record Resource(String service, String instance, String distro, List<Metric> metrics) {

    Resource {
      metrics = List.copyOf(metrics);
    }

    /** As {@link OtlpAttributes#instanceKey}. */
    InstanceKey key() {
      return new InstanceKey(
          service == null ? OtlpAttributes.UNKNOWN_SERVICE : service,
          instance == null ? "" : instance);
    }

    /** As {@link OtlpAttributes#distro}. */
    String distroOrEmpty() {
      return distro == null ? "" : distro;
    }
  }

  /**
   * One metric.
   *
   * @param kind which of the data fields was set, as the generated class names it
   * @param delta whether a sum's or histogram's temporality is delta (false for gauges)
   * @param numbers the points of a gauge or sum, else empty
   * @param histograms the points of an exponential histogram, else empty
   */
  record Metric(
      String name,
      io.opentelemetry.proto.metrics.v1.Metric.DataCase kind,
      boolean delta,
      List<NumberPoint> numbers,
      List<HistogramPointData> histograms) {}

  /**
   * A gauge or sum point.
   *
   * @param pool the {@code jvm.executor.name} attribute, or null
   * @param state the {@code jvm.executor.thread.state} attribute, or null
   * @param value as an integer or as a double, whichever was sent
   */
  record NumberPoint(
      String pool, String state, long startTimeUnixNano, long timeUnixNano, double value) {}

  /**
   * An exponential-histogram point: what {@link HistogramPointReader} reads, the positive buckets
   * counted before they are copied so that a bound is checked before anything is allocated.
   */
  interface HistogramPointData {
    String pool();

    long startTimeUnixNano();

    long timeUnixNano();

    int scale();

    long zeroCount();

    int offset();

    int bucketCount();

    /** Copies the bucket counts, {@link #bucketCount} of them, into {@code into}. */
    void copyBuckets(long[] into);
  }

  /** The view of a decoded message: the JSON path's. */
  static MetricsView of(ExportMetricsServiceRequest request) {
    List<Resource> resources = new ArrayList<>(request.getResourceMetricsCount());
    for (ResourceMetrics resource : request.getResourceMetricsList()) {
      List<KeyValue> attributes = resource.getResource().getAttributesList();
      List<Metric> metrics = new ArrayList<>();
      for (ScopeMetrics scope : resource.getScopeMetricsList()) {
        for (io.opentelemetry.proto.metrics.v1.Metric metric : scope.getMetricsList()) {
          metrics.add(metric(metric));
        }
      }
      resources.add(
          new Resource(
              attribute(attributes, TelemetryNames.SERVICE_NAME),
              attribute(attributes, TelemetryNames.SERVICE_INSTANCE_ID),
              attribute(attributes, TelemetryNames.DISTRO_NAME),
              metrics));
    }
    return new MetricsView(resources);
  }

  private static Metric metric(io.opentelemetry.proto.metrics.v1.Metric metric) {
    List<NumberPoint> numbers = new ArrayList<>();
    List<HistogramPointData> histograms = new ArrayList<>();
    boolean delta = false;
    switch (metric.getDataCase()) {
      case GAUGE -> metric.getGauge().getDataPointsList().forEach(p -> numbers.add(number(p)));
      case SUM -> {
        delta = isDelta(metric.getSum().getAggregationTemporality());
        metric.getSum().getDataPointsList().forEach(p -> numbers.add(number(p)));
      }
      case EXPONENTIAL_HISTOGRAM -> {
        delta = isDelta(metric.getExponentialHistogram().getAggregationTemporality());
        metric
            .getExponentialHistogram()
            .getDataPointsList()
            .forEach(p -> histograms.add(new DecodedHistogramPoint(p)));
      }
      default -> {
        // Other kinds are named in a rejection, never read.
      }
    }
    return new Metric(metric.getName(), metric.getDataCase(), delta, numbers, histograms);
  }

  private static boolean isDelta(AggregationTemporality temporality) {
    return temporality == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
  }

  private static NumberPoint number(NumberDataPoint point) {
    List<KeyValue> attributes = point.getAttributesList();
    return new NumberPoint(
        attribute(attributes, TelemetryNames.EXECUTOR_NAME),
        attribute(attributes, TelemetryNames.THREAD_STATE),
        point.getStartTimeUnixNano(),
        point.getTimeUnixNano(),
        OtlpNumbers.value(point));
  }

  private static String attribute(List<KeyValue> attributes, String key) {
    return OtlpAttributes.string(attributes, key).orElse(null);
  }

  /** A decoded point, read through. */
  private record DecodedHistogramPoint(ExponentialHistogramDataPoint point)
      implements HistogramPointData {

    DecodedHistogramPoint {
      Objects.requireNonNull(point, "point");
    }

    @Override
    public String pool() {
      return attribute(point.getAttributesList(), TelemetryNames.EXECUTOR_NAME);
    }

    @Override
    public long startTimeUnixNano() {
      return point.getStartTimeUnixNano();
    }

    @Override
    public long timeUnixNano() {
      return point.getTimeUnixNano();
    }

    @Override
    public int scale() {
      return point.getScale();
    }

    @Override
    public long zeroCount() {
      return point.getZeroCount();
    }

    @Override
    public int offset() {
      return point.getPositive().getOffset();
    }

    @Override
    public int bucketCount() {
      return point.getPositive().getBucketCountsCount();
    }

    @Override
    public void copyBuckets(long[] into) {
      for (int k = 0; k < into.length; k++) {
        into[k] = point.getPositive().getBucketCounts(k);
      }
    }
  }
}
