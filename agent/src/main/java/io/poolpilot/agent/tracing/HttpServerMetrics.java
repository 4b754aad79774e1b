package io.poolpilot.agent.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;

/**
 * {@code http.server.request.duration} and {@code http.server.active_requests}, recorded for every
 * request whether or not its span is sampled.
 */
final class HttpServerMetrics {
  private final DoubleHistogram duration;
  private final LongUpDownCounter active;

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
  static Attributes activeAttributes(String method, String scheme) {
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
    duration.record(durationSeconds, b.build());
  }
}
