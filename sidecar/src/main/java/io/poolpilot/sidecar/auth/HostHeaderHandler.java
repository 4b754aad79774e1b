package io.poolpilot.sidecar.auth;

import com.google.protobuf.CodedOutputStream;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
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

  /** gRPC's PERMISSION_DENIED; the OTLP specification says clients must not act on it. */
  private static final int PERMISSION_DENIED = 7;

  private static final String JSON = "application/json";
  private static final String PROTOBUF = "application/x-protobuf";
  private static final String CONTROL_PATHS = "/v1/poolpilot/";

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
    if (otlp && !ctx.request().path().startsWith(CONTROL_PATHS)) {
      String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
      boolean json = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(JSON);
      ctx.response()
          .putHeader(HttpHeaders.CONTENT_TYPE, json ? JSON : PROTOBUF)
          .end(json ? statusJson(refusal.get()) : statusProtobuf(refusal.get()));
    } else {
      ctx.response()
          .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
          .end(new JsonObject().put("error", refusal.get()).toBuffer());
    }
  }

  private static Buffer statusJson(String message) {
    return new JsonObject().put("code", PERMISSION_DENIED).put("message", message).toBuffer();
  }

  /** {@code google.rpc.Status}: field 1 {@code int32 code}, field 2 {@code string message}. */
  private static Buffer statusProtobuf(String message) {
    byte[] bytes =
        new byte
            [CodedOutputStream.computeInt32Size(1, PERMISSION_DENIED)
                + CodedOutputStream.computeStringSize(2, message)];
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      out.writeInt32(1, PERMISSION_DENIED);
      out.writeString(2, message);
      out.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return Buffer.buffer(bytes);
  }
}
