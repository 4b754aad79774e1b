package io.poolpilot.sidecar.api;

import io.poolpilot.sidecar.model.RouteKey;
import io.poolpilot.sidecar.model.RouteModel;
import io.poolpilot.sidecar.model.RouteSample;
import io.poolpilot.sidecar.model.SpanRecord;
import io.poolpilot.sidecar.model.TraceBuffer;
import io.poolpilot.sidecar.model.TraceSummary;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The API's trace and route reads, mounted by {@link ApiVerticle}:
 *
 * <ul>
 *   <li>{@code GET /api/traces?service=S&route=R&minDurationMs=D&error=true&limit=N}: summaries of
 *       the traces most recently added to, newest first ({@code limit} 1 to {@value #MAX_TRACES},
 *       default {@value #DEFAULT_TRACES}), searched over every trace held.
 *   <li>{@code GET /api/traces/{traceId}}: every span of one trace held, by start time.
 *   <li>{@code GET /api/routes/{service}/history?method=M&route=R}: one route's 10-second slots of
 *       the last 15 minutes.
 * </ul>
 */
final class TraceHandlers {

  static final int DEFAULT_TRACES = 50;
  static final int MAX_TRACES = 1000;

  private final TraceBuffer traces;
  private final RouteModel routes;

  TraceHandlers(TraceBuffer traces, RouteModel routes) {
    this.traces = Objects.requireNonNull(traces, "traces");
    this.routes = Objects.requireNonNull(routes, "routes");
  }

  void list(RoutingContext ctx) {
    String limitParam = ctx.queryParams().get("limit");
    int limit;
    try {
      limit = limitParam == null ? DEFAULT_TRACES : Integer.parseInt(limitParam);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > MAX_TRACES) {
      ApiVerticle.error(
          ctx, 400, "limit '" + limitParam + "' is not a whole number from 1 to " + MAX_TRACES);
      return;
    }
    Optional<String> service = Optional.ofNullable(ctx.queryParams().get("service"));
    Predicate<TraceSummary> matches;
    try {
      matches = TraceSearch.parse(ctx.queryParams());
    } catch (IllegalArgumentException e) {
      ApiVerticle.error(ctx, 400, e.getMessage());
      return;
    }
    List<TraceSummary> recent = traces.recent(service, matches, limit);
    JsonArray array = new JsonArray();
    recent.forEach(trace -> array.add(TraceJson.summary(trace)));
    TraceBuffer.Stats stats = traces.stats();
    ctx.json(
        new JsonObject()
            .put("traces", array)
            .put(
                "held",
                new JsonObject()
                    .put("spans", stats.spans())
                    .put("traces", stats.traces())
                    .put("notKept", stats.notKept())));
  }

  void trace(RoutingContext ctx) {
    String traceId = ctx.pathParam("traceId");
    Optional<List<SpanRecord>> spans = traces.trace(traceId.toLowerCase(Locale.ROOT));
    if (spans.isEmpty()) {
      ApiVerticle.error(
          ctx,
          404,
          "no trace '"
              + traceId
              + "' is held: it was never received or has left the buffer of recent spans");
      return;
    }
    ctx.json(TraceJson.trace(traceId, spans.get()));
  }

  void routeHistory(RoutingContext ctx) {
    String service = ctx.pathParam("service");
    String route = ctx.queryParams().get("route");
    String method = ctx.queryParams().get("method");
    if (route == null || method == null) {
      ApiVerticle.error(
          ctx,
          400,
          "expected the query parameters method and route, such as ?method=GET&route=/orders/%7Bid%7D");
      return;
    }
    RouteKey key = new RouteKey(service, method, route);
    List<RouteSample> samples = routes.history(key);
    if (samples.isEmpty()
        && routes.routes(Optional.of(service)).stream().noneMatch(r -> r.key().equals(key))) {
      ApiVerticle.error(
          ctx, 404, "service '" + service + "' has no route " + method + " " + route + " yet");
      return;
    }
    ctx.json(TraceJson.routeHistory(key, samples));
  }
}
