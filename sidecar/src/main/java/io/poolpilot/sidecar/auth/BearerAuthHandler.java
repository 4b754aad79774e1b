package io.poolpilot.sidecar.auth;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.Objects;

/**
 * Lets a request through only if it carries the sidecar's token; answers anything else {@code 401}
 * with a JSON error, so a rejected request changes nothing.
 *
 * <p>A {@link PlatformHandler} so that Vert.x Web lets it run before the {@code BodyHandler}: a
 * request without the token is turned away before up to a mebibyte of its body is buffered.
 */
public final class BearerAuthHandler implements PlatformHandler {

  private static final String HINT =
      " (the sidecar's token: its 'token' setting, or the token file its start line names)";

  private final BearerToken token;

  public BearerAuthHandler(BearerToken token) {
    this.token = Objects.requireNonNull(token, "token");
  }

  @Override
  public void handle(RoutingContext ctx) {
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (token.admits(authorization)) {
      ctx.next();
      return;
    }
    String problem =
        authorization == null
            ? "missing 'Authorization: Bearer <token>' header"
            : "wrong token in the Authorization header, expected 'Bearer <token>'";
    ctx.response()
        .setStatusCode(401)
        .putHeader("WWW-Authenticate", "Bearer realm=\"poolpilot\"")
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(new JsonObject().put("error", problem + HINT).encode());
  }
}
