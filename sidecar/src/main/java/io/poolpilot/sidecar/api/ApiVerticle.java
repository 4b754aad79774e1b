package io.poolpilot.sidecar.api;

import io.poolpilot.sidecar.model.PoolModel;
import io.poolpilot.sidecar.model.PoolSnapshot;
import io.poolpilot.sidecar.ui.PoolTable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The people- and tool-facing HTTP API. {@code GET /health} answers {@code {"status":"UP"}} once
 * the sidecar listens; {@code GET /api/pools} lists every pool as JSON, or as the console's text
 * table for a client that asks for {@code text/plain} (so a shell script needs no JSON tool).
 *
 * <p>In the JSON, durations are milliseconds (the names end in {@code Ms}) and a reading the agent
 * has not reported is {@code null} rather than a made-up 0.
 */
public final class ApiVerticle extends VerticleBase {

  private static final String JSON = "application/json";
  private static final String TEXT = "text/plain";

  private final String host;
  private final int port;
  private final PoolModel model;
  private HttpServer server;

  /**
   * @param port the port to listen on, 0 for any free one (see {@link #actualPort()})
   */
  public ApiVerticle(String host, int port, PoolModel model) {
    this.host = Objects.requireNonNull(host, "host");
    this.port = port;
    this.model = Objects.requireNonNull(model, "model");
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/health").handler(this::health);
    router.get("/api/pools").produces(JSON).produces(TEXT).handler(this::pools);
    router.route().failureHandler(this::failure);
    router.errorHandler(404, this::failure);
    router.errorHandler(405, this::failure);
    router.errorHandler(406, this::failure);
    return vertx
        .createHttpServer()
        .requestHandler(router)
        .listen(port, host)
        .onSuccess(listening -> server = listening);
  }

  /** The bound port, once started. */
  public int actualPort() {
    if (server == null) {
      throw new IllegalStateException("API listener not started");
    }
    return server.actualPort();
  }

  private void health(RoutingContext ctx) {
    ctx.json(new JsonObject().put("status", "UP"));
  }

  private void pools(RoutingContext ctx) {
    if (TEXT.equals(ctx.getAcceptableContentType())) {
      ctx.response()
          .putHeader(HttpHeaders.CONTENT_TYPE, TEXT + "; charset=utf-8")
          .end(PoolTable.render(model.snapshots()));
      return;
    }
    JsonArray pools = new JsonArray();
    model.snapshots().forEach(pool -> pools.add(toJson(pool)));
    ctx.json(new JsonObject().put("pools", pools));
  }

  static JsonObject toJson(PoolSnapshot pool) {
    return new JsonObject()
        .put("service", pool.key().service())
        .put("instance", pool.key().instance())
        .put("name", pool.key().pool())
        .put("core", orNull(pool.core()))
        .put("max", orNull(pool.max()))
        .put("active", orNull(pool.active()))
        .put("idle", orNull(pool.idle()))
        .put("queued", orNull(pool.queued()))
        .put("queueCapacity", orNull(pool.queueCapacity()))
        .put("oldestAgeMs", millis(pool.oldestAgeSeconds()))
        .put("completed", orNull(pool.completed()))
        .put("rejected", orNull(pool.rejected()))
        .put("queueWaitSamples", pool.queueWait().samples())
        .put("queueWaitP50Ms", millis(pool.queueWait().p50Seconds()))
        .put("queueWaitP99Ms", millis(pool.queueWait().p99Seconds()))
        .put("observedAt", observedAt(pool.observedAtUnixNano()));
  }

  private static Long orNull(OptionalLong value) {
    return value.isPresent() ? value.getAsLong() : null;
  }

  private static Double millis(OptionalDouble seconds) {
    return seconds.isPresent() ? seconds.getAsDouble() * 1000 : null;
  }

  private static String observedAt(long unixNano) {
    return Instant.ofEpochSecond(0, unixNano).toString();
  }

  private void failure(RoutingContext ctx) {
    int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
    String message =
        switch (status) {
          case 404 -> "no resource at " + ctx.request().path();
          case 405 -> ctx.request().method() + " not allowed on " + ctx.request().path();
          case 406 ->
              "cannot answer in "
                  + ctx.request().getHeader(HttpHeaders.ACCEPT)
                  + ", ask for "
                  + JSON
                  + " or "
                  + TEXT;
          default -> "internal error" + (ctx.failure() == null ? "" : ": " + ctx.failure());
        };
    if (!ctx.response().ended()) {
      ctx.response()
          .setStatusCode(status)
          .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
          .end(new JsonObject().put("error", message).encode());
    }
  }
}
