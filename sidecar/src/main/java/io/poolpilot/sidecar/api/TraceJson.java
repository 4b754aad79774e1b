package io.poolpilot.sidecar.api;

import io.poolpilot.sidecar.model.RouteKey;
import io.poolpilot.sidecar.model.RouteModel;
import io.poolpilot.sidecar.model.RouteSample;
import io.poolpilot.sidecar.model.RouteStats;
import io.poolpilot.sidecar.model.SpanRecord;
import io.poolpilot.sidecar.model.TraceSummary;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The API's JSON for traces, spans and routes, in {@link ApiJson}'s conventions: durations in
 * milliseconds ({@code Ms}), times as ISO-8601 UTC, {@code null} for what nobody reported.
 */
final class TraceJson {

  private static final double NANOS_PER_MILLI = 1e6;

  private TraceJson() {}

  static JsonObject summary(TraceSummary trace) {
    return new JsonObject()
        .put("traceId", trace.traceId())
        .put("rootName", trace.rootName())
        .put("service", trace.service())
        .put("start", time(trace.startTimeUnixNano()))
        .put("durationMs", trace.durationNanos() / NANOS_PER_MILLI)
        .put("status", trace.status())
        .put("spanCount", trace.spanCount())
        .put("executor", trace.executor().orElse(null))
        .put("queueWaitMs", millis(trace.queueWaitSeconds()));
  }

  static JsonObject span(SpanRecord span) {
    JsonObject attributes = new JsonObject();
    span.attributes().forEach(attributes::put);
    return new JsonObject()
        .put("traceId", span.traceId())
        .put("spanId", span.spanId())
        .put("parentSpanId", span.parentSpanId().isEmpty() ? null : span.parentSpanId())
        .put("name", span.name())
        .put("kind", span.kind())
        .put("service", span.service())
        .put("instance", span.instance())
        .put("start", time(span.startTimeUnixNano()))
        .put("durationMs", span.durationNanos() / NANOS_PER_MILLI)
        .put("status", span.status())
        .put("statusMessage", span.statusMessage().isEmpty() ? null : span.statusMessage())
        .put("attributes", attributes);
  }

  static JsonObject trace(String traceId, List<SpanRecord> spans) {
    JsonArray array = new JsonArray();
    spans.forEach(span -> array.add(span(span)));
    return new JsonObject().put("traceId", traceId).put("spans", array);
  }

  static JsonObject route(RouteStats route) {
    return new JsonObject()
        .put("method", route.key().method())
        .put("route", route.key().route())
        .put("count", route.count())
        .put("errors", route.errors())
        .put("recentCount", route.recentCount())
        .put("ratePerSecond", route.ratePerSecond())
        .put("p50Ms", millis(route.p50Seconds()))
        .put("p90Ms", millis(route.p90Seconds()))
        .put("p99Ms", millis(route.p99Seconds()))
        .put("windowSeconds", RouteModel.RECENT.toSeconds())
        .put("lastSeen", route.lastSeen().toString());
  }

  static JsonObject routeHistory(RouteKey key, List<RouteSample> samples) {
    JsonArray array = new JsonArray();
    double slotSeconds = RouteModel.SLOT.toMillis() / 1000.0;
    for (RouteSample sample : samples) {
      array.add(
          new JsonObject()
              .put("timestamp", sample.at().toString())
              .put("count", sample.count())
              .put("errors", sample.errors())
              .put("ratePerSecond", sample.count() / slotSeconds)
              .put("p50Ms", millis(sample.p50Seconds()))
              .put("p99Ms", millis(sample.p99Seconds())));
    }
    return new JsonObject()
        .put("service", key.service())
        .put("method", key.method())
        .put("route", key.route())
        .put("slotSeconds", RouteModel.SLOT.toSeconds())
        .put("samples", array);
  }

  private static String time(long unixNano) {
    return Instant.ofEpochSecond(0, unixNano).toString();
  }

  private static Double millis(OptionalDouble seconds) {
    return seconds.isPresent() ? seconds.getAsDouble() * 1000 : null;
  }
}
