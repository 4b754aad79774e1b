package io.poolpilot.agent.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * {@code http.server.request.duration} and {@code http.server.active_requests}, recorded for every
 * request whether or not its span is sampled.
 *
 * <p>A service sees few distinct attribute sets (methods × schemes × routes × statuses), so each
 * set is built once and kept: a request then records with an {@code Attributes} whose hash is
 * already computed, instead of building, sorting and hashing two new ones. Past {@link
 * #MAX_KEPT_SETS} sets (the SDK's own cardinality limit per instrument, beyond which it folds
 * series into an overflow series anyway) new sets are built per request and not kept, so a
 * cardinality explosion cannot grow memory here.
 */
final class HttpServerMetrics {
  static final int MAX_KEPT_SETS = 2000;

  private final DoubleHistogram duration;
  private final LongUpDownCounter active;
  private final Map<ActiveKey, Attributes> activeSets = new ConcurrentHashMap<>();
  private final Map<DurationKey, Attributes> durationSets = new ConcurrentHashMap<>();

  private record ActiveKey(String method, String scheme) {}

  private record DurationKey(Attributes active, String route, int status, String errorType) {}

  HttpServerMetrics(Meter meter) {
    this.duration =
        meter
            .histogramBuilder("http.server.request.duration")
            .setUnit("s")
            .setDescription("Duration of HTTP server requests.")
            .setExplicitBucketBoundariesAdvice(HttpSemconv.DURATION_BUCKETS)
            .build();
    this.active =
        meter
            .upDownCounterBuilder("http.server.active_requests")
            .setUnit("{request}")
            .setDescription("Number of active HTTP server requests.")
            .build();
  }

  /** The attributes of the active-requests counter, fixed for the request's whole life. */
  Attributes activeAttributes(String method, String scheme) {
    return kept(activeSets, new ActiveKey(method, scheme), k -> buildActive(k.method, k.scheme));
  }

  static Attributes buildActive(String method, String scheme) {
    AttributesBuilder b = Attributes.builder().put(HttpSemconv.METHOD, method);
    if (scheme != null) {
      b.put(HttpSemconv.URL_SCHEME, scheme);
    }
    return b.build();
  }

  void started(Attributes activeAttributes) {
    active.add(1, activeAttributes);
  }

  void ended(
      Attributes activeAttributes,
      String route,
      int status,
      String errorType,
      double durationSeconds) {
    active.add(-1, activeAttributes);
    Attributes attributes =
        kept(
            durationSets,
            new DurationKey(activeAttributes, route, status, errorType),
            k -> buildDuration(k.active, k.route, k.status, k.errorType));
    duration.record(durationSeconds, attributes);
  }

  private static <K> Attributes kept(
      Map<K, Attributes> sets, K key, Function<K, Attributes> build) {
    Attributes known = sets.get(key);
    if (known != null) {
      return known;
    }
    Attributes built = build.apply(key);
    if (sets.size() < MAX_KEPT_SETS) {
      sets.putIfAbsent(key, built);
    }
    return built;
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
