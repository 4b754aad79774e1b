package io.poolpilot.sidecar.ingest;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric.DataCase;
import io.poolpilot.protocol.TelemetryNames;
import io.poolpilot.sidecar.ingest.MetricsView.HistogramPointData;
import io.poolpilot.sidecar.ingest.MetricsView.Metric;
import io.poolpilot.sidecar.ingest.MetricsView.NumberPoint;
import io.poolpilot.sidecar.model.CounterPoint;
import io.poolpilot.sidecar.model.HistogramPoint;
import io.poolpilot.sidecar.model.InstanceKey;
import io.poolpilot.sidecar.model.PoolKey;
import io.poolpilot.sidecar.model.PoolReport;
import io.poolpilot.sidecar.model.PoolValue;
import io.poolpilot.sidecar.model.Temporality;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns an OTLP metrics export into one {@link PoolReport} per pool, reading only the {@code
 * jvm.executor.*} metrics and {@code poolpilot.executor.request.failed}, and ignoring all others.
 *
 * <p>Counters ({@code task.completed}, {@code task.rejected}) and the queue-wait histogram may be
 * cumulative or delta; the model turns either into rates and interval quantiles. Points of one pool
 * and metric that differ in attributes the sidecar does not read are added up, so the pool's
 * numbers are the sum over them. The thread count must be cumulative: a delta of an up-down counter
 * says nothing about the current thread count.
 *
 * <p>A data point that names a pool metric but cannot be used (no {@code jvm.executor.name}, a
 * delta thread count, a reading that is negative, not finite or above {@link
 * OtlpNumbers#MAX_READING}, a time past 2262, an explicit-bucket histogram, or an exponential one
 * outside {@link HistogramPoint}'s bounds, see {@link HistogramPointReader}) is counted as rejected
 * with the first reason, so the ingest can answer with an OTLP partial success instead of silently
 * dropping it; nothing of it reaches the model.
 */
public final class PoolMetricsExtractor {

  /** {@link OtlpAttributes#UNKNOWN_SERVICE}, still read here by {@link ProcessMetricsExtractor}. */
  static final String UNKNOWN_SERVICE = OtlpAttributes.UNKNOWN_SERVICE;

  /** The number metrics read as one value each; the thread count is split by state. */
  private static final Map<String, PoolValue> NUMBER_VALUES =
      Map.of(
          TelemetryNames.THREAD_CORE.name(), PoolValue.CORE,
          TelemetryNames.THREAD_LIMIT.name(), PoolValue.MAX,
          TelemetryNames.QUEUE_SIZE.name(), PoolValue.QUEUED,
          TelemetryNames.QUEUE_CAPACITY.name(), PoolValue.QUEUE_CAPACITY,
          TelemetryNames.QUEUE_OLDEST_AGE.name(), PoolValue.OLDEST_AGE_SECONDS,
          TelemetryNames.TASK_COMPLETED.name(), PoolValue.COMPLETED,
          TelemetryNames.TASK_REJECTED.name(), PoolValue.REJECTED,
          TelemetryNames.REQUEST_FAILED.name(), PoolValue.FAILED_REQUESTS);

  /**
   * The reports, plus how many pool data points were unusable and why the first one was.
   *
   * @param senders every process in the request, with its resource's {@code telemetry.distro.name}
   *     (empty when none), pools or not
   */
  public record Extraction(
      List<PoolReport> reports,
      long rejectedPoints,
      String firstProblem,
      Map<InstanceKey, String> senders) {

    public Extraction {
      reports = List.copyOf(reports);
      senders = Map.copyOf(senders);
    }
  }

  /** Reads every pool in the request. Never throws on content: bad points are counted. */
  public Extraction extract(ExportMetricsServiceRequest request) {
    return extract(MetricsView.of(request));
  }

  /** Reads every pool in the export. Never throws on content: bad points are counted. */
  Extraction extract(MetricsView export) {
    Rejections rejections = new Rejections();
    HistogramPointReader histograms = new HistogramPointReader();
    Map<PoolKey, Builder> pools = new LinkedHashMap<>();
    Map<InstanceKey, String> senders = new LinkedHashMap<>();
    for (MetricsView.Resource resource : export.resources()) {
      InstanceKey sender = resource.key();
      senders.put(sender, resource.distroOrEmpty());
      String service = sender.service();
      String instance = sender.instance();
      for (Metric metric : resource.metrics()) {
        if (isPoolMetric(metric.name())) {
          read(metric, service, instance, pools, rejections, histograms);
        }
      }
    }
    List<PoolReport> reports = new ArrayList<>(pools.size());
    pools.forEach((key, builder) -> reports.add(builder.build(key)));
    return new Extraction(reports, rejections.count(), rejections.first(), senders);
  }

  private void read(
      Metric metric,
      String service,
      String instance,
      Map<PoolKey, Builder> pools,
      Rejections rejections,
      HistogramPointReader histograms) {
    String name = metric.name();
    if (name.equals(TelemetryNames.TASK_WAIT.name())
        || name.equals(TelemetryNames.TASK_DURATION.name())) {
      readHistogram(metric, service, instance, pools, rejections, histograms);
      return;
    }
    if (!NUMBER_VALUES.containsKey(name) && !name.equals(TelemetryNames.THREAD_COUNT.name())) {
      return;
    }
    List<NumberPoint> points = metric.numbers();
    Temporality temporality = Temporality.CUMULATIVE;
    switch (metric.kind()) {
      case GAUGE -> {
        // Read below.
      }
      case SUM -> {
        if (metric.delta()) {
          if (!name.equals(TelemetryNames.TASK_COMPLETED.name())
              && !name.equals(TelemetryNames.TASK_REJECTED.name())
              && !name.equals(TelemetryNames.REQUEST_FAILED.name())) {
            rejections.add(
                points.size(),
                name + " has delta temporality, expected cumulative for a count of things now");
            return;
          }
          temporality = Temporality.DELTA;
        }
      }
      default -> {
        rejections.add(1, name + " is a " + metric.kind() + ", expected a gauge or sum");
        return;
      }
    }
    for (NumberPoint point : points) {
      PoolValue value = valueOf(name, point.state());
      if (value == null) {
        if (name.equals(TelemetryNames.THREAD_COUNT.name())) {
          rejections.add(
              1, name + " point without " + TelemetryNames.THREAD_STATE + " active/idle");
        }
        continue;
      }
      String pool = point.pool();
      double number = point.value();
      if (pool == null) {
        rejections.add(1, name + " point without attribute " + TelemetryNames.EXECUTOR_NAME);
      } else if (!OtlpNumbers.usable(number)) {
        rejections.add(
            1, name + " of pool " + pool + " is " + number + ", " + OtlpNumbers.expected());
      } else if (point.timeUnixNano() < 0) {
        rejections.add(1, name + " of pool " + pool + ": " + lateTime(point.timeUnixNano()));
      } else {
        Builder builder =
            pools.computeIfAbsent(new PoolKey(service, instance, pool), k -> new Builder());
        if (!value.counter()) {
          builder.put(value, number, point.timeUnixNano());
        } else if (!builder.count(
            value,
            new CounterPoint(
                temporality, point.startTimeUnixNano(), point.timeUnixNano(), number))) {
          rejections.add(1, name + " of pool " + pool + " mixes delta and cumulative points");
        }
      }
    }
  }

  private void readHistogram(
      Metric metric,
      String service,
      String instance,
      Map<PoolKey, Builder> pools,
      Rejections rejections,
      HistogramPointReader histograms) {
    String name = metric.name();
    if (metric.kind() != DataCase.EXPONENTIAL_HISTOGRAM) {
      rejections.add(
          1, name + " is a " + metric.kind() + ", expected a base-2 exponential" + " histogram");
      return;
    }
    Temporality temporality = metric.delta() ? Temporality.DELTA : Temporality.CUMULATIVE;
    for (HistogramPointData point : metric.histograms()) {
      String pool = point.pool();
      if (pool == null) {
        rejections.add(1, name + " point without attribute " + TelemetryNames.EXECUTOR_NAME);
        continue;
      }
      if (point.timeUnixNano() < 0) {
        rejections.add(1, name + " of pool " + pool + ": " + lateTime(point.timeUnixNano()));
        continue;
      }
      PoolKey key = new PoolKey(service, instance, pool);
      HistogramPoint earlier = pools.containsKey(key) ? pools.get(key).histograms.get(name) : null;
      if (earlier != null && earlier.temporality() != temporality) {
        rejections.add(1, name + " of pool " + pool + " mixes delta and cumulative points");
        continue;
      }
      try {
        HistogramPoint read = histograms.read(point, temporality);
        HistogramPoint sum = earlier == null ? read : histograms.add(earlier, read);
        pools.computeIfAbsent(key, k -> new Builder()).histogram(name, sum);
      } catch (IllegalArgumentException e) {
        rejections.add(1, name + " of pool " + pool + ": " + e.getMessage());
      }
    }
  }

  /**
   * Whether a metric is one of a pool's: the {@code jvm.executor.*} metrics, and the count of
   * failed requests per pool, which has a PoolPilot name of its own.
   */
  static boolean isPoolMetric(String name) {
    return name.startsWith(TelemetryNames.EXECUTOR_PREFIX)
        || name.equals(TelemetryNames.REQUEST_FAILED.name());
  }

  private static String lateTime(long timeUnixNano) {
    return "time "
        + Long.toUnsignedString(timeUnixNano)
        + " ns is after 2262, expected a time since 1970 in nanoseconds";
  }

  /** The value a point of metric {@code name} reads, or null if it reads none. */
  private static PoolValue valueOf(String name, String threadState) {
    if (name.equals(TelemetryNames.THREAD_COUNT.name())) {
      String state = threadState == null ? "" : threadState;
      return state.equals(TelemetryNames.STATE_ACTIVE)
          ? PoolValue.ACTIVE
          : state.equals(TelemetryNames.STATE_IDLE) ? PoolValue.IDLE : null;
    }
    return NUMBER_VALUES.get(name);
  }

  private static final class Builder {
    private final Map<PoolValue, Double> values = new EnumMap<>(PoolValue.class);
    private final Map<PoolValue, CounterPoint> counters = new EnumMap<>(PoolValue.class);
    private final Map<String, HistogramPoint> histograms = new HashMap<>();
    private long timeUnixNano;

    void put(PoolValue value, double number, long time) {
      values.put(value, number);
      timeUnixNano = Math.max(timeUnixNano, time);
    }

    /** Adds a counter point to the pool's sum; false if it differs in temporality. */
    boolean count(PoolValue value, CounterPoint point) {
      CounterPoint sum = counters.get(value);
      if (sum != null && sum.temporality() != point.temporality()) {
        return false;
      }
      counters.put(value, sum == null ? point : sum.plus(point));
      timeUnixNano = Math.max(timeUnixNano, point.timeUnixNano());
      return true;
    }

    /** Sets the pool's point of histogram {@code metric}: the sum of its points so far. */
    void histogram(String metric, HistogramPoint sum) {
      histograms.put(metric, sum);
      timeUnixNano = Math.max(timeUnixNano, sum.timeUnixNano());
    }

    PoolReport build(PoolKey key) {
      return new PoolReport(
          key,
          timeUnixNano,
          values,
          counters,
          Optional.ofNullable(histograms.get(TelemetryNames.TASK_WAIT.name())),
          Optional.ofNullable(histograms.get(TelemetryNames.TASK_DURATION.name())));
    }
  }
}
