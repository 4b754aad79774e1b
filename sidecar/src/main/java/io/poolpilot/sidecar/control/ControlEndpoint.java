package io.poolpilot.sidecar.control;

import io.poolpilot.protocol.control.AgentReport;
import io.poolpilot.protocol.control.ControlProtocol;
import io.poolpilot.sidecar.auth.AgentSessions;
import io.poolpilot.sidecar.auth.BearerAuthHandler;
import io.poolpilot.sidecar.auth.BearerToken;
import io.poolpilot.sidecar.http.MediaTypes;
import io.poolpilot.sidecar.model.InstanceKey;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * {@code POST /v1/poolpilot/control} on the agent-facing listener: the HTTP edge of {@link
 * ControlService}. Every message must carry the sidecar's token and the agent's session ({@link
 * ControlProtocol#SESSION_HEADER}); the first message naming an instance that the sidecar takes in
 * binds the instance to its session ({@link AgentSessions}). Answers 200 with the desired state;
 * 400 for a body it cannot read (naming the field and what was expected) or a missing session, 401
 * without the token, 403 for an instance another session owns, 405 for another method, 413 for a
 * body over {@link ControlProtocol#MAX_BODY_BYTES}, 415 for a content type other than JSON, 429
 * when the sidecar takes no more processes, 500 if the journal cannot be written; every error as
 * {@code {"error": "..."}}. The token is checked before the body is read, and nothing is recorded
 * for a message that is refused, so a bad message never changes the state of the instance it names.
 */
public final class ControlEndpoint {

  private static final String JSON = ControlProtocol.CONTENT_TYPE;

  private final ControlService service;
  private final BearerToken token;
  private final AgentSessions sessions;
  private final Duration pollInterval;
  private final Clock clock;

  /**
   * @param token required on every message: the sidecar's token, configured or generated
   * @param sessions which agent session owns which instance
   * @param pollInterval how often agents are told to poll
   * @param clock bounds the versions an agent may report having applied
   */
  public ControlEndpoint(
      ControlService service,
      BearerToken token,
      AgentSessions sessions,
      Duration pollInterval,
      Clock clock) {
    this.service = Objects.requireNonNull(service, "service");
    this.token = Objects.requireNonNull(token, "token");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Adds the control routes to the agent-facing listener's router, before its catch-alls. */
  public void mount(Router router) {
    router
        .post(ControlProtocol.PATH)
        .handler(new BearerAuthHandler(token))
        .handler(BodyHandler.create(false).setBodyLimit(ControlProtocol.MAX_BODY_BYTES))
        .handler(this::control)
        .failureHandler(this::failure);
    router.route(ControlProtocol.PATH).handler(ControlEndpoint::notPost);
    router
        .route(ControlProtocol.PATH_PREFIX + "*")
        .handler(ctx -> error(ctx, 404, noResource(ctx)));
  }

  private static void notPost(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.ALLOW, "POST");
    error(
        ctx,
        405,
        ctx.request().method() + " not allowed on " + ControlProtocol.PATH + ", use POST");
  }

  private void control(RoutingContext ctx) {
    String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (!MediaTypes.is(contentType, JSON)) {
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
      report = ControlMessages.parse(ctx.body().buffer(), clock.millis());
    } catch (ControlMessages.BadMessage e) {
      error(ctx, 400, e.getMessage());
      return;
    }
    InstanceKey instance = InstanceKey.of(report.instance());
    String session = ctx.request().getHeader(ControlProtocol.SESSION_HEADER);
    switch (sessions.claim(instance, session)) {
      case NO_SESSION -> {
        error(ctx, 400, noSession(session));
        return;
      }
      case OTHER_OWNER -> {
        error(ctx, 403, "instance " + instance + " belongs to another agent's session");
        return;
      }
      case UNBOUND, OWNER -> {
        // This session speaks for the instance.
      }
    }
    ctx.vertx()
        .executeBlocking(() -> poll(report, instance, session))
        .onSuccess(state -> ctx.json(ControlMessages.answer(state.answer(pollInterval))))
        .onFailure(
            e -> {
              if (e instanceof TakenMeanwhile) {
                error(ctx, 403, e.getMessage());
              } else {
                error(
                    ctx,
                    e instanceof ControlService.Refused ? 429 : 500,
                    "cannot issue a desired state: " + e.getMessage());
              }
            });
  }

  /**
   * Has the service take the report, then binds the instance to the session: only once the sidecar
   * took the instance in, so a refused one (429) owns nothing and bindings stay as few as the
   * processes the sidecar keeps.
   */
  private IssuedState poll(AgentReport report, InstanceKey instance, String session)
      throws Exception {
    IssuedState state = service.poll(report);
    if (!sessions.bind(instance, session)) {
      throw new TakenMeanwhile(instance);
    }
    return state;
  }

  /** Another session's message for the same new instance was taken in first. */
  private static final class TakenMeanwhile extends Exception {
    private static final long serialVersionUID = 1L;

    TakenMeanwhile(InstanceKey instance) {
      super("instance " + instance + " belongs to another agent's session", null, false, false);
    }
  }

  private static String noSession(String session) {
    return (session == null ? "no " : "a malformed ")
        + ControlProtocol.SESSION_HEADER
        + " header: expected this JVM's session, "
        + ControlProtocol.MIN_SESSION_LENGTH
        + " to "
        + ControlProtocol.MAX_SESSION_LENGTH
        + " printable ASCII characters";
  }

  private void failure(RoutingContext ctx) {
    int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
    String message =
        status == 413
            ? "request body larger than " + ControlProtocol.MAX_BODY_BYTES + " bytes"
            : "internal error: " + (ctx.failure() == null ? "status " + status : ctx.failure());
    error(ctx, status, message);
  }

  private static String noResource(RoutingContext ctx) {
    return "no control endpoint at " + ctx.request().path() + ", use POST " + ControlProtocol.PATH;
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
