package io.poolpilot.agent.instrumentation.http.vertx;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.poolpilot.agent.bootstrap.RequestContextSpans;
import io.poolpilot.agent.bootstrap.ServerRequest;
import io.poolpilot.agent.bootstrap.Tracing;
import io.poolpilot.agent.instrumentation.Advices;
import io.poolpilot.agent.instrumentation.TypeInstrumentation;
import io.poolpilot.agent.instrumentation.Weavings;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.http.HttpServerRequestInternal;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import java.util.List;
import net.bytebuddy.asm.Advice;

/**
 * Server spans for Vert.x 5 HTTP servers, HTTP/1.x and HTTP/2 (including HTTP/1.1 connections a
 * client upgrades to h2c, which the JDK's own {@code HttpClient} does by default), with or without
 * Vert.x Web. Each request's span is keyed by the duplicated context Vert.x runs that request on
 * (see {@link RequestContextSpans}); {@link VertxContextInstrumentation} makes it current while the
 * request's handlers run.
 *
 * <p>HTTP/1.x: the span starts in {@code Http1xServerRequest.handleBegin}, which the connection
 * calls right before it hands a request to the application: for the first request of a connection
 * and for each pipelined one, which HTTP/1.1 answers strictly in order, so a pipelined request
 * begins only once the previous response is complete. It ends in {@code
 * Http1xServerConnection.responseComplete}, which runs on the event loop once the last bytes of the
 * response in progress were written, whichever thread called {@code end()}; or in {@code
 * Http1xServerRequest.handleException} if the connection closes or fails before that.
 *
 * <p>HTTP/2: the span starts in {@code Http2ServerRequest.dispatch}, which hands a stream's request
 * to the application, and ends in {@code Http2ServerStream.endWritten} once the response's last
 * frame was written, or in {@code Http2ServerStream.onClose} if the stream closed (reset, or its
 * connection gone) before that. Ending is idempotent.
 */
public final class VertxHttpServerInstrumentation implements TypeInstrumentation {
  static final String REQUEST = "io.vertx.core.http.impl.Http1xServerRequest";
  static final String CONNECTION = "io.vertx.core.http.impl.Http1xServerConnection";
  static final String HTTP2_REQUEST = "io.vertx.core.http.impl.Http2ServerRequest";
  static final String HTTP2_STREAM = "io.vertx.core.http.impl.Http2ServerStream";

  private static final String ADVICE = VertxHttpServerInstrumentation.class.getName();

  @Override
  public List<String> typeNames() {
    return List.of(REQUEST, CONNECTION, HTTP2_REQUEST, HTTP2_STREAM);
  }

  @Override
  public void instrument(Weavings weavings) {
    weavings
        .type(
            REQUEST,
            b ->
                b.visit(
                        Advices.named(ADVICE + "$HandleBeginAdvice")
                            .on(named("handleBegin").and(takesArguments(boolean.class))))
                    .visit(
                        Advices.named(ADVICE + "$HandleExceptionAdvice")
                            .on(named("handleException").and(takesArguments(Throwable.class)))))
        .type(
            CONNECTION,
            b ->
                b.visit(
                    Advices.named(ADVICE + "$ResponseCompleteAdvice")
                        .on(named("responseComplete").and(takesArguments(0)))))
        .type(
            HTTP2_REQUEST,
            b ->
                b.visit(
                    Advices.named(ADVICE + "$Http2DispatchAdvice")
                        .on(named("dispatch").and(takesArguments(1)))))
        .type(
            HTTP2_STREAM,
            b ->
                b.visit(
                        Advices.named(ADVICE + "$Http2EndWrittenAdvice")
                            .on(named("endWritten").and(takesArguments(0))))
                    .visit(
                        Advices.named(ADVICE + "$Http2CloseAdvice")
                            .on(named("onClose").and(takesArguments(0)))));
  }

  /** The response object exists from here on; the application has not seen the request yet. */
  public static final class HandleBeginAdvice {
    private HandleBeginAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Object self) {
      if (Tracing.backend() == null) {
        return;
      }
      HttpServerRequestInternal request = (HttpServerRequestInternal) self;
      ServerRequest server = new ServerRequest();
      server.method = request.method().name();
      server.scheme = request.scheme();
      server.path = request.path();
      HostAndPort authority = request.authority();
      if (authority != null) {
        server.serverAddress = authority.host();
        server.serverPort = authority.port();
      }
      MultiMap headers = request.headers();
      server.userAgent = headers.get("User-Agent");
      server.traceparent = headers.get("traceparent");
      server.tracestate = headers.get("tracestate");
      SocketAddress remote = request.remoteAddress();
      if (remote != null) {
        server.clientAddress = remote.hostAddress();
      }
      RequestContextSpans.start(request.context(), server);
    }
  }

  /** The connection closed or failed: ends the span unless its response already ended. */
  public static final class HandleExceptionAdvice {
    private HandleExceptionAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object self, @Advice.Argument(0) Throwable error) {
      HttpServerRequestInternal request = (HttpServerRequestInternal) self;
      HttpServerResponse response = request.response();
      if (response != null && !response.ended()) {
        int status = response.headWritten() ? response.getStatusCode() : -1;
        RequestContextSpans.end(request.context(), status, error);
      }
    }
  }

  /** The response in progress was written completely. */
  public static final class ResponseCompleteAdvice {
    private ResponseCompleteAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.FieldValue("responseInProgress") Object inProgress) {
      if (inProgress != null) {
        HttpServerRequestInternal request = (HttpServerRequestInternal) inProgress;
        RequestContextSpans.end(request.context(), request.response().getStatusCode(), null);
      }
    }
  }

  /**
   * An HTTP/2 stream's request is about to be handed to the application. Reads the request as
   * {@link HandleBeginAdvice} does: advice is inlined into Vert.x's classes, which see the
   * bootstrap bridge but not the agent's own classes, and the bridge may not name Vert.x types, so
   * there is nowhere to put a shared helper.
   */
  public static final class Http2DispatchAdvice {
    private Http2DispatchAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object self) {
      if (Tracing.backend() == null) {
        return;
      }
      HttpServerRequestInternal request = (HttpServerRequestInternal) self;
      ServerRequest server = new ServerRequest();
      server.method = request.method().name();
      server.scheme = request.scheme();
      server.path = request.path();
      HostAndPort authority = request.authority();
      if (authority != null) {
        server.serverAddress = authority.host();
        server.serverPort = authority.port();
      }
      MultiMap headers = request.headers();
      server.userAgent = headers.get("User-Agent");
      server.traceparent = headers.get("traceparent");
      server.tracestate = headers.get("tracestate");
      SocketAddress remote = request.remoteAddress();
      if (remote != null) {
        server.clientAddress = remote.hostAddress();
      }
      RequestContextSpans.start(request.context(), server);
    }
  }

  /** The last frame of an HTTP/2 response was written. */
  public static final class Http2EndWrittenAdvice {
    private Http2EndWrittenAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(
        @Advice.FieldValue("context") Object context,
        @Advice.FieldValue("request") Object request) {
      if (request instanceof HttpServerRequest) {
        HttpServerResponse response = ((HttpServerRequest) request).response();
        RequestContextSpans.end(context, response.getStatusCode(), null);
      }
    }
  }

  /** An HTTP/2 stream closed; if its response had not ended, the request failed. */
  public static final class Http2CloseAdvice {
    private Http2CloseAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(
        @Advice.FieldValue("context") Object context,
        @Advice.FieldValue("request") Object request) {
      if (request instanceof HttpServerRequest && RequestContextSpans.find(context) != null) {
        HttpServerResponse response = ((HttpServerRequest) request).response();
        if (!response.ended()) {
          RequestContextSpans.end(
              context,
              response.headWritten() ? response.getStatusCode() : -1,
              new HttpClosedException("Stream was closed before the response ended"));
        }
      }
    }
  }
}
