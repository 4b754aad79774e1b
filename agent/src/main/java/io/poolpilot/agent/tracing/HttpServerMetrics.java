package io.poolpilot.agent.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.poolpilot.protocol.TelemetryNames;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code http.server.request.duration} and {@code http.server.active_requests}, recorded for every
 * request whether or not its span is sampled.
 *
 * <p>A service sees few distinct attribute sets (methods × schemes × routes × statuses), so each
 * set is built once and kept: a request then records with an {@code Attributes} whose hash is
 * already computed, instead of building, sorting and hashing two new ones. Past {@link
 * #MAX_KEPT_SETS} sets (the SDK's own cardinality limit per instrument, beyond which it folds
 * series into an overflow series anyway) new duration sets are built per request and not kept, and
 * new active-request series share one overflow series, so a cardinality explosion cannot grow
 * memory here.
 *
 * <p>Requests in flight are counted in a {@link LongAdder} per series and read by an asynchronous
 * instrument at each export, rather than added to a synchronous counter twice per request: the
 * request thread then does one increment and one decrement where the SDK would look the series up
 * in its own storage twice. What is exported is the same cumulative, non-monotonic sum.
 */
final class HttpServerMetrics {
  static final int MAX_KEPT_SETS = 2000;

  /** The attribute the SDK marks its own overflow series with. */
  static final AttributeKey<Boolean> OVERFLOW = AttributeKey.booleanKey("otel.metric.overflow");

  private final DoubleHistogram duration;
  private final Map<ActiveKey, ActiveSeries> activeSeries = new ConcurrentHashMap<>();
  private static final Attributes OVERFLOW_SERIES = Attributes.of(OVERFLOW, true);
  private final LongAdder overflowInFlight = new LongAdder();
  private final Map<DurationKey, Attributes> durationSets = new ConcurrentHashMap<>();

  private record ActiveKey(String method, String scheme) {}

  private record DurationKey(Attributes active, String route, int status, String errorType) {}

  /**
   * The {@code http.server.active_requests} series of a request: its method and scheme attributes
   * (which its duration series starts from) and the count of requests in flight it adds to, its own
   * or, past the kept sets, the overflow series'.
   */
  static final class ActiveSeries {
    final Attributes attributes;
    final LongAdder inFlight;

    ActiveSeries(Attributes attributes, LongAdder inFlight) {
      this.attributes = attributes;
      this.inFlight = inFlight;
    }
  }

  HttpServerMetrics(Meter meter) {
    this.duration =
        meter
            .histogramBuilder(TelemetryNames.HTTP_SERVER_REQUEST_DURATION.name())
            .setUnit(TelemetryNames.HTTP_SERVER_REQUEST_DURATION.unit())
            .setDescription(TelemetryNames.HTTP_SERVER_REQUEST_DURATION.description())
            .setExplicitBucketBoundariesAdvice(HttpSemconv.DURATION_BUCKETS)
            .build();
    meter
        .upDownCounterBuilder(TelemetryNames.HTTP_SERVER_ACTIVE_REQUESTS.name())
        .setUnit(TelemetryNames.HTTP_SERVER_ACTIVE_REQUESTS.unit())
        .setDescription(TelemetryNames.HTTP_SERVER_ACTIVE_REQUESTS.description())
        .buildWithCallback(
            m -> {
              for (ActiveSeries series : activeSeries.values()) {
                m.record(series.inFlight.sum(), series.attributes);
              }
              long overflowing = overflowInFlight.sum();
              if (overflowing != 0) {
                m.record(overflowing, OVERFLOW_SERIES);
              }
            });
  }

  /** The active-requests series of a request, fixed for the request's whole life. */
  ActiveSeries activeSeries(String method, String scheme) {
    ActiveKey key = new ActiveKey(method, scheme);
    ActiveSeries known = activeSeries.get(key);
    if (known != null) {
      return known;
    }
    // One slot of the SDK's limit is the overflow series itself.
    if (activeSeries.size() >= MAX_KEPT_SETS - 1) {
      return new ActiveSeries(buildActive(method, scheme), overflowInFlight);
    }
    ActiveSeries built = new ActiveSeries(buildActive(method, scheme), new LongAdder());
    ActiveSeries raced = activeSeries.putIfAbsent(key, built);
    return raced != null ? raced : built;
  }

  static Attributes buildActive(String method, String scheme) {
    AttributesBuilder b = Attributes.builder().put(HttpSemconv.METHOD, method);
    if (scheme != null) {
      b.put(HttpSemconv.URL_SCHEME, scheme);
    }
    return b.build();
  }

  void started(ActiveSeries active) {
    active.inFlight.increment();
  }

  void ended(
      ActiveSeries active, String route, int status, String errorType, double durationSeconds) {
    active.inFlight.decrement();
    DurationKey key = new DurationKey(active.attributes, route, status, errorType);
    Attributes attributes = durationSets.get(key);
    if (attributes == null) {
      attributes = buildDuration(active.attributes, route, status, errorType);
      if (durationSets.size() < MAX_KEPT_SETS) {
        durationSets.putIfAbsent(key, attributes);
      }
    }
    duration.record(durationSeconds, attributes);
  }

  static Attributes buildDuration(
      Attributes activeAttributes, String route, int status, String errorType) {
    AttributesBuilder b = activeAttributes.toBuilder();
    if (route != null) {
      b.put(HttpSemconv.ROUTE, route);
    }
    if (status >= 0) {
      b.put(HttpSemconv.STATUS, (long) status);
    }
    if (errorType != null) {
      b.put(HttpSemconv.ERROR_TYPE, errorType);
    }
    return b.build();
  }
}
