package io.poolpilot.sidecar.control;

import io.poolpilot.protocol.control.AgentReport;
import io.poolpilot.protocol.control.ControlProtocol;
import io.poolpilot.sidecar.auth.BearerAuthHandler;
import io.poolpilot.sidecar.auth.BearerToken;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /v1/poolpilot/control} on the agent-facing listener: the HTTP edge of {@link
 * ControlService}. Answers 200 with the desired state; 400 for a body it cannot read, 401 without
 * the configured token, 405 for another method, 413 for a body over {@link #MAX_BODY_BYTES}, 415
 * for a content type other than JSON, 500 if the journal cannot be written; every error as {@code
 * {"error": "..."}}. The token is checked before the body is read, so a rejected request costs
 * little and changes nothing.
 */
public final class ControlEndpoint {

  public static final String PATH = ControlProtocol.PATH;

  public static final long MAX_BODY_BYTES = ControlProtocol.MAX_BODY_BYTES;

  private static final String JSON = ControlProtocol.CONTENT_TYPE;

  private final ControlService service;
  private final Optional<BearerToken> token;
  private final Duration pollInterval;

  /**
   * @param token required on every message when present; absent, the endpoint is open (it listens
   *     on loopback by default)
   * @param pollInterval how often agents are told to poll
   */
  public ControlEndpoint(
      ControlService service, Optional<BearerToken> token, Duration pollInterval) {
    this.service = Objects.requireNonNull(service, "service");
    this.token = Objects.requireNonNull(token, "token");
    this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
  }

  /** Adds the control routes to the agent-facing listener's router, before its catch-alls. */
  public void mount(Router router) {
    Route route = router.post(PATH);
    token.ifPresent(required -> route.handler(new BearerAuthHandler(required)));
    route
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
        .handler(this::control)
        .failureHandler(this::failure);
    router.route(PATH).handler(ControlEndpoint::notPost);
    router.route("/v1/poolpilot/*").handler(ctx -> error(ctx, 404, noResource(ctx)));
  }

  private static void notPost(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.ALLOW, "POST");
    error(ctx, 405, ctx.request().method() + " not allowed on " + PATH + ", use POST");
  }

  private void control(RoutingContext ctx) {
    String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (!isJson(contentType)) {
      error(
          ctx,
          415,
          "unsupported Content-Type '"
              + Objects.requireNonNullElse(contentType, "")
              + "', expected "
              + JSON);
      return;
    }
    AgentReport report;
    try {
      report = ControlMessages.parse(ctx.body().buffer());
    } catch (ControlMessages.BadMessage e) {
      error(ctx, 400, e.getMessage());
      return;
    }
    ctx.vertx()
        .executeBlocking(() -> service.poll(report))
        .onSuccess(state -> ctx.json(ControlMessages.answer(state.answer(pollInterval))))
        .onFailure(e -> error(ctx, 500, "cannot issue a desired state: " + e.getMessage()));
  }

  private void failure(RoutingContext ctx) {
    int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
    String message =
        status == 413
            ? "request body larger than " + MAX_BODY_BYTES + " bytes"
            : "internal error: " + (ctx.failure() == null ? "status " + status : ctx.failure());
    error(ctx, status, message);
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int parameters = contentType.indexOf(';');
    String mediaType = parameters < 0 ? contentType : contentType.substring(0, parameters);
    return mediaType.strip().toLowerCase(Locale.ROOT).equals(JSON);
  }

  private static String noResource(RoutingContext ctx) {
    return "no control endpoint at " + ctx.request().path() + ", use POST " + PATH;
  }

  private static void error(RoutingContext ctx, int status, String message) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
        .end(new JsonObject().put("error", message).encode());
  }
}
