package io.poolpilot.systemtests.attack;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.ArrayList;
import java.util.List;

/**
 * OTLP metric exports an attacker on the host would write by hand, with the real OTLP classes: a
 * pool's gauges under any service and instance name, many pools at once, and exponential histograms
 * with whatever offsets it likes.
 */
final class ForgedExports {
  private ForgedExports() {}

  /** Gauges saying pool {@code pool} has {@code threads} threads, none busy, nothing queued. */
  static byte[] idlePool(
      String service, String instance, String pool, long timeNanos, int threads) {
    return request(service, instance, gauges(pool, timeNanos, threads)).toByteArray();
  }

  /** One export declaring {@code pools} pools of one made-up process. */
  static byte[] manyPools(String service, String instance, int pools, long timeNanos) {
    List<Metric> metrics = new ArrayList<>();
    for (int i = 0; i < pools; i++) {
      metrics.addAll(gauges("fake-" + i + "-*", timeNanos, 1));
    }
    return request(service, instance, metrics).toByteArray();
  }

  /**
   * Queue-wait histogram points of one pool, one per offset, each with one count: two offsets far
   * apart make a naive merge allocate an array spanning both.
   */
  static byte[] histograms(String service, String instance, long timeNanos, int... offsets) {
    ExponentialHistogram.Builder histogram =
        ExponentialHistogram.newBuilder()
            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
    for (int i = 0; i < offsets.length; i++) {
      histogram.addDataPoints(
          ExponentialHistogramDataPoint.newBuilder()
              .addAttributes(string("jvm.executor.name", "hist-*"))
              .addAttributes(string("shard", "s" + i))
              .setStartTimeUnixNano(timeNanos - 1_000_000_000L)
              .setTimeUnixNano(timeNanos)
              .setScale(3)
              .setCount(1)
              .setPositive(
                  ExponentialHistogramDataPoint.Buckets.newBuilder()
                      .setOffset(offsets[i])
                      .addBucketCounts(1)));
    }
    Metric metric =
        Metric.newBuilder()
            .setName("jvm.executor.task.wait.duration")
            .setUnit("s")
            .setExponentialHistogram(histogram)
            .build();
    return request(service, instance, List.of(metric)).toByteArray();
  }

  private static List<Metric> gauges(String pool, long timeNanos, int threads) {
    return List.of(
        gauge("jvm.executor.thread.core", pool, timeNanos, threads),
        gauge("jvm.executor.thread.limit", pool, timeNanos, threads),
        gauge("jvm.executor.queue.size", pool, timeNanos, 0));
  }

  private static Metric gauge(String name, String pool, long timeNanos, long value) {
    return Metric.newBuilder()
        .setName(name)
        .setGauge(
            Gauge.newBuilder()
                .addDataPoints(
                    NumberDataPoint.newBuilder()
                        .addAttributes(string("jvm.executor.name", pool))
                        .setTimeUnixNano(timeNanos)
                        .setAsInt(value)))
        .build();
  }

  private static ExportMetricsServiceRequest request(
      String service, String instance, List<Metric> metrics) {
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(string("service.name", service))
                        .addAttributes(string("service.instance.id", instance))
                        .addAttributes(string("telemetry.distro.name", "poolpilot")))
                .addScopeMetrics(ScopeMetrics.newBuilder().addAllMetrics(metrics)))
        .build();
  }

  private static KeyValue string(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }
}
