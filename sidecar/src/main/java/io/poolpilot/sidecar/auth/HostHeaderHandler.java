package io.poolpilot.sidecar.auth;

import io.poolpilot.protocol.control.ControlProtocol;
import io.poolpilot.sidecar.http.MediaTypes;
import io.poolpilot.sidecar.http.RpcStatus;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.Objects;
import java.util.Optional;

/**
 * Answers {@code 421 Misdirected Request} to a request whose {@code Host} {@link HostHeaderCheck}
 * refuses, before anything else runs (mounted first on each listener's router, and a {@link
 * PlatformHandler} so no body is read). 421, not 403: the request named a server this is not, and
 * no token would change that.
 *
 * <p>The body has the shape of the endpoint asked: {@code {"error": "..."}} on the API and the
 * control protocol, and on the OTLP listener's other paths the {@code google.rpc.Status} the OTLP
 * specification requires of every error (protobuf, or JSON for a JSON request), so an exporter
 * pointed at a name the sidecar does not know logs the reason.
 */
public final class HostHeaderHandler implements PlatformHandler {

  private final HostHeaderCheck check;
  private final boolean otlp;

  private HostHeaderHandler(HostHeaderCheck check, boolean otlp) {
    this.check = Objects.requireNonNull(check, "check");
    this.otlp = otlp;
  }

  /** For the API listener: every refusal as {@code {"error": "..."}}. */
  public static HostHeaderHandler api(HostHeaderCheck check) {
    return new HostHeaderHandler(check, false);
  }

  /** For the agent-facing listener: OTLP-shaped, except on the control protocol's paths. */
  public static HostHeaderHandler agentListener(HostHeaderCheck check) {
    return new HostHeaderHandler(check, true);
  }

  @Override
  public void handle(RoutingContext ctx) {
    Optional<String> refusal = check.refusal(ctx.request().getHeader(HttpHeaders.HOST));
    if (refusal.isEmpty()) {
      ctx.next();
      return;
    }
    ctx.response().setStatusCode(421);
    if (otlp && !ctx.request().path().startsWith(ControlProtocol.PATH_PREFIX)) {
      RpcStatus status = new RpcStatus(RpcStatus.PERMISSION_DENIED, refusal.get());
      boolean json =
          MediaTypes.is(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE), MediaTypes.JSON);
      ctx.response()
          .putHeader(HttpHeaders.CONTENT_TYPE, json ? MediaTypes.JSON : MediaTypes.PROTOBUF)
          .end(json ? status.json() : status.protobuf());
    } else {
      ctx.response()
          .putHeader(HttpHeaders.CONTENT_TYPE, MediaTypes.JSON)
          .end(new JsonObject().put("error", refusal.get()).toBuffer());
    }
  }
}
