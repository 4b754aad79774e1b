package io.poolpilot.benchmarks.sidecar;

import static io.poolpilot.benchmarks.sidecar.AgentResourceShape.string;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.poolpilot.protocol.TelemetryNames;
import io.poolpilot.protocol.histogram.ExponentialBuckets;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The metrics of one export as the agent's {@code ExecutorMetricProducer} and {@code
 * RuntimeMetrics} make them: one metric per name with a point per pool, cumulative counters and
 * histograms, gauges for sizes and queues; then the process's CPU and GC figures.
 */
final class PoolMetrics {
  private static final AggregationTemporality CUMULATIVE =
      AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;

  private PoolMetrics() {}

  static void addTo(ScopeMetrics.Builder out, List<ReplayedPool> pools, long start, long now) {
    Sum.Builder threads = Sum.newBuilder().setAggregationTemporality(CUMULATIVE);
    for (ReplayedPool p : pools) {
      threads.addDataPoints(
          point(p, start, now).setAsInt(p.active()).addAttributes(state("active")));
      threads.addDataPoints(
          point(p, start, now)
              .setAsInt(Math.max(0, p.core() - p.active()))
              .addAttributes(state("idle")));
    }
    out.addMetrics(metric(TelemetryNames.THREAD_COUNT).setSum(threads));
    out.addMetrics(gauge(TelemetryNames.THREAD_CORE, pools, start, now, ReplayedPool::core));
    out.addMetrics(gauge(TelemetryNames.THREAD_LIMIT, pools, start, now, ReplayedPool::max));
    out.addMetrics(gauge(TelemetryNames.QUEUE_SIZE, pools, start, now, p -> 0));
    Gauge.Builder age = Gauge.newBuilder();
    for (ReplayedPool p : pools) {
      age.addDataPoints(point(p, start, now).setAsDouble(0));
    }
    out.addMetrics(metric(TelemetryNames.QUEUE_OLDEST_AGE).setGauge(age));
    out.addMetrics(sum(TelemetryNames.TASK_COMPLETED, pools, start, now, ReplayedPool::completed));
    out.addMetrics(sum(TelemetryNames.TASK_REJECTED, pools, start, now, p -> 0));
    out.addMetrics(histogram(TelemetryNames.TASK_WAIT, pools, start, now, PoolMetrics::waitPoint));
    out.addMetrics(
        histogram(TelemetryNames.TASK_DURATION, pools, start, now, PoolMetrics::runPoint));
  }

  /** {@code jvm.cpu.time}, {@code jvm.cpu.recent_utilization}, the CPU count and GC time. */
  static void addRuntimeTo(ScopeMetrics.Builder out, long start, long now, double elapsed) {
    double uptime = (now - start) / 1e9;
    out.addMetrics(
        metric(TelemetryNames.CPU_TIME)
            .setSum(
                Sum.newBuilder()
                    .setAggregationTemporality(CUMULATIVE)
                    .setIsMonotonic(true)
                    .addDataPoints(plain(start, now).setAsDouble(uptime * 0.2))));
    out.addMetrics(
        metric(TelemetryNames.CPU_UTILIZATION)
            .setGauge(Gauge.newBuilder().addDataPoints(plain(start, now).setAsDouble(0.2))));
    out.addMetrics(
        metric(TelemetryNames.SYSTEM_CPU_UTILIZATION)
            .setGauge(Gauge.newBuilder().addDataPoints(plain(start, now).setAsDouble(0.4))));
    out.addMetrics(
        metric(TelemetryNames.CPU_COUNT)
            .setSum(
                Sum.newBuilder()
                    .setAggregationTemporality(CUMULATIVE)
                    .addDataPoints(plain(start, now).setAsInt(2))));
    out.addMetrics(
        metric(TelemetryNames.GC_TIME)
            .setSum(
                Sum.newBuilder()
                    .setAggregationTemporality(CUMULATIVE)
                    .setIsMonotonic(true)
                    .addDataPoints(
                        plain(start, now)
                            .setAsDouble(uptime * 0.002)
                            .addAttributes(string("jvm.gc.name", "G1 Young Generation")))));
  }

  private static ExponentialHistogramDataPoint waitPoint(ReplayedPool p) {
    return histogramPoint(p.waitOffset(), p.waitCounts(), p.waitSumSeconds());
  }

  private static ExponentialHistogramDataPoint runPoint(ReplayedPool p) {
    return histogramPoint(p.runOffset(), p.runCounts(), p.runSumSeconds());
  }

  private static ExponentialHistogramDataPoint histogramPoint(
      int offset, long[] counts, double sum) {
    ExponentialHistogramDataPoint.Buckets.Builder positive =
        ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(offset);
    long total = 0;
    for (long c : counts) {
      positive.addBucketCounts(c);
      total += c;
    }
    return ExponentialHistogramDataPoint.newBuilder()
        .setScale(ExponentialBuckets.SCALE)
        .setCount(total)
        .setSum(sum)
        .setPositive(positive)
        .setNegative(ExponentialHistogramDataPoint.Buckets.newBuilder())
        .build();
  }

  private static Metric.Builder histogram(
      TelemetryNames.Metric name,
      List<ReplayedPool> pools,
      long start,
      long now,
      Function<ReplayedPool, ExponentialHistogramDataPoint> point) {
    ExponentialHistogram.Builder h =
        ExponentialHistogram.newBuilder().setAggregationTemporality(CUMULATIVE);
    for (ReplayedPool p : pools) {
      h.addDataPoints(
          point.apply(p).toBuilder()
              .addAttributes(pool(p))
              .setStartTimeUnixNano(start)
              .setTimeUnixNano(now));
    }
    return metric(name).setExponentialHistogram(h);
  }

  private static Metric.Builder gauge(
      TelemetryNames.Metric name,
      List<ReplayedPool> pools,
      long start,
      long now,
      ToLongFunction<ReplayedPool> value) {
    Gauge.Builder g = Gauge.newBuilder();
    for (ReplayedPool p : pools) {
      g.addDataPoints(point(p, start, now).setAsInt(value.applyAsLong(p)));
    }
    return metric(name).setGauge(g);
  }

  private static Metric.Builder sum(
      TelemetryNames.Metric name,
      List<ReplayedPool> pools,
      long start,
      long now,
      ToLongFunction<ReplayedPool> value) {
    Sum.Builder s = Sum.newBuilder().setAggregationTemporality(CUMULATIVE).setIsMonotonic(true);
    for (ReplayedPool p : pools) {
      s.addDataPoints(point(p, start, now).setAsInt(value.applyAsLong(p)));
    }
    return metric(name).setSum(s);
  }

  private static Metric.Builder metric(TelemetryNames.Metric name) {
    return Metric.newBuilder()
        .setName(name.name())
        .setUnit(name.unit())
        .setDescription(name.description());
  }

  private static NumberDataPoint.Builder point(ReplayedPool p, long start, long now) {
    return plain(start, now).addAttributes(pool(p));
  }

  private static NumberDataPoint.Builder plain(long start, long now) {
    return NumberDataPoint.newBuilder().setStartTimeUnixNano(start).setTimeUnixNano(now);
  }

  private static KeyValue pool(ReplayedPool p) {
    return string(TelemetryNames.EXECUTOR_NAME, p.name());
  }

  private static KeyValue state(String state) {
    return string(TelemetryNames.THREAD_STATE, state);
  }
}
