package io.poolpilot.sidecar.testing;

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
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds real OTLP metric exports shaped like the agent's: one resource, one scope, and the {@code
 * jvm.executor.*} metrics of one pool, so tests feed the sidecar the bytes it sees in production.
 */
public final class PoolExport {

  public static final long START_NANOS = 1_700_000_000_000_000_000L;

  private final String service;
  private final String instance;
  private final String pool;
  private final List<Metric> metrics = new ArrayList<>();
  private long timeNanos = START_NANOS + 1_000_000_000L;
  private long startNanos = START_NANOS;
  private AggregationTemporality temporality =
      AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
  private String distro = "";

  private PoolExport(String service, String instance, String pool) {
    this.service = service;
    this.instance = instance;
    this.pool = pool;
  }

  public static PoolExport pool(String service, String instance, String pool) {
    return new PoolExport(service, instance, pool);
  }

  public PoolExport at(long timeNanos) {
    this.timeNanos = timeNanos;
    return this;
  }

  public PoolExport startedAt(long startNanos) {
    this.startNanos = startNanos;
    return this;
  }

  /**
   * Exports the task counters and the queue-wait histogram with delta temporality from here on:
   * each point then counts only its interval, from {@link #startedAt} to {@link #at}.
   */
  public PoolExport delta() {
    temporality = AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
    return this;
  }

  /** Names the resource's {@code telemetry.distro.name}, as the PoolPilot agent does. */
  public PoolExport distro(String name) {
    this.distro = name;
    return this;
  }

  /** A thread count with delta temporality, which says nothing about the threads there are. */
  public PoolExport deltaThreadCount(long active) {
    metrics.add(
        Metric.newBuilder()
            .setName("jvm.executor.thread.count")
            .setSum(
                Sum.newBuilder()
                    .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                    .setIsMonotonic(false)
                    .addDataPoints(intPoint(active, "jvm.executor.thread.state", "active")))
            .build());
    return this;
  }

  /** Core, max, active and idle threads, queue length and capacity, and the oldest wait. */
  public PoolExport threads(long core, long max, long active, long idle) {
    gauge("jvm.executor.thread.core", core);
    gauge("jvm.executor.thread.limit", max);
    metrics.add(
        Metric.newBuilder()
            .setName("jvm.executor.thread.count")
            .setUnit("{thread}")
            .setSum(
                Sum.newBuilder()
                    .setAggregationTemporality(
                        AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                    .setIsMonotonic(false)
                    .addDataPoints(intPoint(active, "jvm.executor.thread.state", "active"))
                    .addDataPoints(intPoint(idle, "jvm.executor.thread.state", "idle")))
            .build());
    return this;
  }

  public PoolExport queue(long size, long capacity, double oldestAgeSeconds) {
    gauge("jvm.executor.queue.size", size);
    gauge("jvm.executor.queue.capacity", capacity);
    metrics.add(
        Metric.newBuilder()
            .setName("jvm.executor.queue.oldest_age")
            .setUnit("s")
            .setGauge(
                Gauge.newBuilder().addDataPoints(point().setAsDouble(oldestAgeSeconds).build()))
            .build());
    return this;
  }

  /** Tasks completed and rejected: totals, or with {@link #delta()} the interval's counts. */
  public PoolExport tasks(long completed, long rejected) {
    counter("jvm.executor.task.completed", completed, temporality);
    counter("jvm.executor.task.rejected", rejected, temporality);
    return this;
  }

  /**
   * A queue-wait histogram, cumulative unless {@link #delta()}: {@code counts[k]} values in bucket
   * {@code offset + k}.
   */
  /** A count of requests that failed on the pool's threads, as the agent exports it. */
  public PoolExport failedRequests(long failed) {
    counter("poolpilot.executor.request.failed", failed, temporality);
    return this;
  }

  public PoolExport queueWait(int scale, long zeroCount, int offset, long... counts) {
    return histogram("jvm.executor.task.wait.duration", scale, zeroCount, offset, counts);
  }

  /** A run-time histogram ({@code jvm.executor.task.duration}), as {@link #queueWait}. */
  public PoolExport runTime(int scale, long zeroCount, int offset, long... counts) {
    return histogram("jvm.executor.task.duration", scale, zeroCount, offset, counts);
  }

  private PoolExport histogram(String name, int scale, long zeroCount, int offset, long... counts) {
    ExponentialHistogramDataPoint.Buckets.Builder positive =
        ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(offset);
    long total = zeroCount;
    for (long c : counts) {
      positive.addBucketCounts(c);
      total += c;
    }
    metrics.add(
        Metric.newBuilder()
            .setName(name)
            .setUnit("s")
            .setExponentialHistogram(
                ExponentialHistogram.newBuilder()
                    .setAggregationTemporality(temporality)
                    .addDataPoints(
                        ExponentialHistogramDataPoint.newBuilder()
                            .addAttributes(string("jvm.executor.name", pool))
                            .setStartTimeUnixNano(startNanos)
                            .setTimeUnixNano(timeNanos)
                            .setScale(scale)
                            .setZeroCount(zeroCount)
                            .setCount(total)
                            .setPositive(positive)))
            .build());
    return this;
  }

  /** The process's CPU use, 0 to 1, as the agent's {@code jvm.cpu.recent_utilization} gauge. */
  public PoolExport cpu(double utilization) {
    metrics.add(
        Metric.newBuilder()
            .setName("jvm.cpu.recent_utilization")
            .setUnit("1")
            .setGauge(Gauge.newBuilder().addDataPoints(point().setAsDouble(utilization)))
            .build());
    return this;
  }

  /** CPU use as {@link #cpu(double)}, and the processors as the agent's {@code jvm.cpu.count}. */
  public PoolExport cpu(double utilization, long processors) {
    gauge("jvm.cpu.count", processors);
    return cpu(utilization);
  }

  /** Any other metric, to check it is passed over. */
  public PoolExport otherMetric(String name, long value) {
    metrics.add(
        Metric.newBuilder()
            .setName(name)
            .setGauge(Gauge.newBuilder().addDataPoints(point().setAsInt(value)))
            .build());
    return this;
  }

  public ResourceMetrics resourceMetrics() {
    Resource.Builder resource =
        Resource.newBuilder().addAttributes(string("service.name", service));
    if (!instance.isEmpty()) {
      resource.addAttributes(string("service.instance.id", instance));
    }
    if (!distro.isEmpty()) {
      resource.addAttributes(string("telemetry.distro.name", distro));
    }
    return ResourceMetrics.newBuilder()
        .setResource(resource)
        .addScopeMetrics(ScopeMetrics.newBuilder().addAllMetrics(metrics))
        .build();
  }

  public ExportMetricsServiceRequest request() {
    return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(resourceMetrics()).build();
  }

  private void gauge(String name, long value) {
    metrics.add(
        Metric.newBuilder()
            .setName(name)
            .setGauge(Gauge.newBuilder().addDataPoints(point().setAsInt(value)))
            .build());
  }

  private void counter(String name, long value, AggregationTemporality temporality) {
    metrics.add(
        Metric.newBuilder()
            .setName(name)
            .setSum(
                Sum.newBuilder()
                    .setAggregationTemporality(temporality)
                    .setIsMonotonic(true)
                    .addDataPoints(point().setAsInt(value)))
            .build());
  }

  private NumberDataPoint intPoint(long value, String key, String attribute) {
    return point().setAsInt(value).addAttributes(string(key, attribute)).build();
  }

  private NumberDataPoint.Builder point() {
    return NumberDataPoint.newBuilder()
        .addAttributes(string("jvm.executor.name", pool))
        .setStartTimeUnixNano(startNanos)
        .setTimeUnixNano(timeNanos);
  }

  private static KeyValue string(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }
}
