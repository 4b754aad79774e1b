package io.poolpilot.sidecar.ingest;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.poolpilot.sidecar.control.ControlEndpoint;
import io.poolpilot.sidecar.model.PoolModel;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Objects;
import java.util.Optional;

/**
 * The agent-facing OTLP/HTTP listener: {@code POST /v1/metrics} and {@code POST /v1/traces} in
 * binary protobuf or JSON, answered as the OTLP specification says. Success is 200 with an empty
 * {@code Export*ServiceResponse} in the request's encoding, or a partial success naming the pool
 * data points the model could not use; failures carry a {@code google.rpc.Status}: 400 for a body
 * that does not decode, 413 above {@link #MAX_BODY_BYTES} after gzip, 415 for other content types,
 * 404 and 405 for other paths and methods.
 *
 * <p>Spans are decoded, so a bad payload gets its 400, and then dropped: nothing reads them yet.
 *
 * <p>The same listener carries the control protocol under {@code /v1/poolpilot/} when given a
 * {@link ControlEndpoint}; those routes answer in JSON, as {@code docs/protocol.md} says.
 */
public final class OtlpIngestVerticle extends VerticleBase {

  /** The limit the OTLP specification recommends, applied after decompression. */
  public static final long MAX_BODY_BYTES = 20L * 1024 * 1024;

  private static final String SUPPORTED =
      OtlpEncoding.PROTOBUF.mediaType() + " or " + OtlpEncoding.JSON.mediaType();

  private final String host;
  private final int port;
  private final PoolModel model;
  private final ControlEndpoint control;
  private final PoolMetricsExtractor extractor = new PoolMetricsExtractor();
  private HttpServer server;

  /** An OTLP receiver without the control protocol. */
  public OtlpIngestVerticle(String host, int port, PoolModel model) {
    this(host, port, model, null);
  }

  /**
   * @param port the port to listen on, 0 for any free one (see {@link #actualPort()})
   * @param control the control protocol's routes, or null for none
   */
  public OtlpIngestVerticle(String host, int port, PoolModel model, ControlEndpoint control) {
    this.host = Objects.requireNonNull(host, "host");
    this.port = port;
    this.model = Objects.requireNonNull(model, "model");
    this.control = control;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
    router.post("/v1/metrics").handler(body).handler(this::metrics);
    router.post("/v1/traces").handler(body).handler(this::traces);
    if (control != null) {
      control.mount(router);
    }
    router.route().failureHandler(this::failure);
    router.errorHandler(404, this::failure);
    router.errorHandler(405, this::failure);
    return vertx
        .createHttpServer(new HttpServerOptions().setDecompressionSupported(true))
        .requestHandler(router)
        .listen(port, host)
        .onSuccess(listening -> server = listening);
  }

  /** The bound port, once started. */
  public int actualPort() {
    if (server == null) {
      throw new IllegalStateException("OTLP listener not started");
    }
    return server.actualPort();
  }

  private void metrics(RoutingContext ctx) {
    Optional<OtlpEncoding> encoding = encodingOf(ctx);
    if (encoding.isEmpty()) {
      return;
    }
    Optional<ExportMetricsServiceRequest> request =
        decode(ctx, encoding.get(), ExportMetricsServiceRequest.newBuilder());
    if (request.isEmpty()) {
      return;
    }
    PoolMetricsExtractor.Extraction extraction = extractor.extract(request.get());
    extraction.reports().forEach(model::record);
    ExportMetricsServiceResponse.Builder response = ExportMetricsServiceResponse.newBuilder();
    if (extraction.rejectedPoints() > 0) {
      response.setPartialSuccess(
          ExportMetricsPartialSuccess.newBuilder()
              .setRejectedDataPoints(extraction.rejectedPoints())
              .setErrorMessage(extraction.firstProblem()));
    }
    ok(ctx, encoding.get(), response.build());
  }

  private void traces(RoutingContext ctx) {
    Optional<OtlpEncoding> encoding = encodingOf(ctx);
    if (encoding.isEmpty()) {
      return;
    }
    if (decode(ctx, encoding.get(), ExportTraceServiceRequest.newBuilder()).isPresent()) {
      ok(ctx, encoding.get(), ExportTraceServiceResponse.getDefaultInstance());
    }
  }

  private Optional<OtlpEncoding> encodingOf(RoutingContext ctx) {
    String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    Optional<OtlpEncoding> encoding = OtlpEncoding.of(contentType);
    if (encoding.isEmpty()) {
      String message =
          "unsupported Content-Type '"
              + Objects.requireNonNullElse(contentType, "")
              + "', expected "
              + SUPPORTED;
      answer(ctx, 415, OtlpEncoding.PROTOBUF, new RpcStatus(RpcStatus.INVALID_ARGUMENT, message));
    }
    return encoding;
  }

  private <T extends Message> Optional<T> decode(
      RoutingContext ctx, OtlpEncoding encoding, Message.Builder builder) {
    try {
      Buffer body = ctx.body().buffer();
      return Optional.of(encoding.decode(body == null ? Buffer.buffer() : body, builder));
    } catch (InvalidProtocolBufferException e) {
      String message =
          "cannot decode "
              + builder.getDescriptorForType().getName()
              + " as "
              + encoding.mediaType()
              + ": "
              + e.getMessage();
      answer(ctx, 400, encoding, new RpcStatus(RpcStatus.INVALID_ARGUMENT, message));
      return Optional.empty();
    }
  }

  private void ok(RoutingContext ctx, OtlpEncoding encoding, Message response) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, encoding.mediaType())
        .end(encoding.encode(response));
  }

  private void failure(RoutingContext ctx) {
    int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
    OtlpEncoding encoding =
        OtlpEncoding.of(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))
            .orElse(OtlpEncoding.PROTOBUF);
    RpcStatus rpc =
        switch (status) {
          case 404 ->
              new RpcStatus(
                  RpcStatus.NOT_FOUND,
                  "no OTLP endpoint at "
                      + ctx.request().path()
                      + ", use /v1/metrics or /v1/traces");
          case 405 ->
              new RpcStatus(
                  RpcStatus.UNIMPLEMENTED,
                  ctx.request().method()
                      + " not allowed on "
                      + ctx.request().path()
                      + ", use POST");
          case 413 ->
              new RpcStatus(
                  RpcStatus.RESOURCE_EXHAUSTED,
                  "request body larger than " + MAX_BODY_BYTES + " bytes after decompression");
          default -> new RpcStatus(RpcStatus.INTERNAL, "internal error: " + describe(ctx));
        };
    answer(ctx, status, encoding, rpc);
  }

  private static String describe(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    return failure == null ? "status " + ctx.statusCode() : failure.toString();
  }

  private static void answer(RoutingContext ctx, int status, OtlpEncoding encoding, RpcStatus rpc) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, encoding.mediaType())
        .end(rpc.encode(encoding));
  }
}
