package io.poolpilot.testsupport;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The metric export requests an {@link OtlpReceiver} had answered at one moment, with the look-ups
 * the tests need. "Latest" means from the most recent request that holds a match; PoolPilot's sums
 * and histograms are cumulative, so that is the value the agent last reported.
 */
public final class ReceivedMetrics {
  /** The attribute that names a pool on every {@code jvm.executor.*} data point. */
  public static final String POOL = "jvm.executor.name";

  /** One export request and the moment it arrived. */
  record Request(Instant at, ExportMetricsServiceRequest body) {}

  private final List<Request> requests;

  ReceivedMetrics(List<Request> requests) {
    this.requests = requests;
  }

  public int requestCount() {
    return requests.size();
  }

  /** When each request arrived, oldest first. */
  public List<Instant> arrivalTimes() {
    return requests.stream().map(Request::at).toList();
  }

  /** Every metric called {@code name}, from the oldest request to the newest. */
  public List<Metric> all(String name) {
    List<Metric> found = new ArrayList<>();
    for (Request request : requests) {
      for (Metric metric : metricsOf(request)) {
        if (metric.getName().equals(name)) {
          found.add(metric);
        }
      }
    }
    return found;
  }

  /** Every metric of every request, oldest first. */
  public List<Metric> all() {
    List<Metric> found = new ArrayList<>();
    for (Request request : requests) {
      found.addAll(metricsOf(request));
    }
    return found;
  }

  /** The metric called {@code name} in the most recent request that has one. */
  public Optional<Metric> latest(String name) {
    List<Metric> found = all(name);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
  }

  /** Every value of {@value #POOL} on any data point of any request. */
  public Set<String> poolNames() {
    Set<String> names = new TreeSet<>();
    for (Metric metric : all()) {
      for (List<KeyValue> attributes : pointAttributes(metric)) {
        String pool = text(attributes, POOL);
        if (pool != null) {
          names.add(pool);
        }
      }
    }
    return names;
  }

  /**
   * The latest gauge or sum data point of {@code metric} for {@code pool} whose attributes also
   * include {@code extra} (key, value, key, value, ...).
   */
  public Optional<NumberDataPoint> latestPoint(String metric, String pool, String... extra) {
    List<Metric> found = all(metric);
    for (int i = found.size() - 1; i >= 0; i--) {
      for (NumberDataPoint point : numberPoints(found.get(i))) {
        if (matches(point.getAttributesList(), pool, extra)) {
          return Optional.of(point);
        }
      }
    }
    return Optional.empty();
  }

  /** The latest value of a gauge or sum for {@code pool}, as a double. */
  public Optional<Double> latestValue(String metric, String pool, String... extra) {
    return latestPoint(metric, pool, extra).map(ReceivedMetrics::value);
  }

  /** The latest exponential histogram data point of {@code metric} for {@code pool}. */
  public Optional<ExponentialHistogramDataPoint> latestHistogram(String metric, String pool) {
    List<Metric> found = all(metric);
    for (int i = found.size() - 1; i >= 0; i--) {
      Metric candidate = found.get(i);
      if (!candidate.hasExponentialHistogram()) {
        continue;
      }
      for (ExponentialHistogramDataPoint point :
          candidate.getExponentialHistogram().getDataPointsList()) {
        if (matches(point.getAttributesList(), pool)) {
          return Optional.of(point);
        }
      }
    }
    return Optional.empty();
  }

  /** Resource attributes of the most recent request, by key. */
  public Map<String, AnyValue> latestResource() {
    Map<String, AnyValue> attributes = new LinkedHashMap<>();
    if (requests.isEmpty()) {
      return attributes;
    }
    ExportMetricsServiceRequest last = requests.get(requests.size() - 1).body();
    for (ResourceMetrics resourceMetrics : last.getResourceMetricsList()) {
      for (KeyValue attribute : resourceMetrics.getResource().getAttributesList()) {
        attributes.put(attribute.getKey(), attribute.getValue());
      }
    }
    return attributes;
  }

  /** The attributes of each data point of {@code metric}, whatever its kind. */
  public static List<List<KeyValue>> pointAttributes(Metric metric) {
    List<List<KeyValue>> attributes = new ArrayList<>();
    numberPoints(metric).forEach(p -> attributes.add(p.getAttributesList()));
    if (metric.hasHistogram()) {
      metric.getHistogram().getDataPointsList().forEach(p -> attributes.add(p.getAttributesList()));
    }
    if (metric.hasExponentialHistogram()) {
      metric
          .getExponentialHistogram()
          .getDataPointsList()
          .forEach(p -> attributes.add(p.getAttributesList()));
    }
    return attributes;
  }

  /** The value of attribute {@code key} as text, or null where it is absent. */
  public static String text(List<KeyValue> attributes, String key) {
    for (KeyValue attribute : attributes) {
      if (attribute.getKey().equals(key)) {
        return text(attribute.getValue());
      }
    }
    return null;
  }

  public static String text(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case INT_VALUE -> Long.toString(value.getIntValue());
      case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
      case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
      default -> value.toString();
    };
  }

  public static double value(NumberDataPoint point) {
    return point.hasAsInt() ? point.getAsInt() : point.getAsDouble();
  }

  private static List<NumberDataPoint> numberPoints(Metric metric) {
    if (metric.hasGauge()) {
      return metric.getGauge().getDataPointsList();
    }
    if (metric.hasSum()) {
      return metric.getSum().getDataPointsList();
    }
    return List.of();
  }

  private static boolean matches(List<KeyValue> attributes, String pool, String... extra) {
    if (!pool.equals(text(attributes, POOL))) {
      return false;
    }
    for (int i = 0; i + 1 < extra.length; i += 2) {
      if (!Objects.equals(extra[i + 1], text(attributes, extra[i]))) {
        return false;
      }
    }
    return true;
  }

  private static List<Metric> metricsOf(Request request) {
    List<Metric> metrics = new ArrayList<>();
    for (ResourceMetrics resourceMetrics : request.body().getResourceMetricsList()) {
      for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
        metrics.addAll(scopeMetrics.getMetricsList());
      }
    }
    return metrics;
  }
}
