package io.poolpilot.sidecar.ingest;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.poolpilot.protocol.control.ControlProtocol;
import io.poolpilot.sidecar.auth.TelemetrySenders;
import io.poolpilot.sidecar.auth.TelemetrySenders.Verdict;
import io.poolpilot.sidecar.forward.OtlpPayload;
import io.poolpilot.sidecar.model.InstanceKey;
import io.poolpilot.sidecar.model.LiveModel;
import io.poolpilot.sidecar.model.PoolModel;
import io.poolpilot.sidecar.model.PoolReport;
import io.poolpilot.sidecar.model.ProcessReport;
import io.poolpilot.sidecar.model.SpanRecord;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * OTLP/HTTP on the agent-facing listener: {@code POST /v1/metrics} and {@code POST /v1/traces} in
 * binary protobuf or JSON, plain or compressed ({@link ContentEncoding}), answered as the OTLP
 * specification says. Success is 200 with an empty {@code Export*ServiceResponse} in the request's
 * encoding, or a partial success naming the pool data points the model could not use (or the spans
 * without a trace id); failures carry a {@code google.rpc.Status}: 400 for a body that does not
 * decode, 413 above {@link #MAX_BODY_BYTES} before or after inflating, 415 for other content types
 * and encodings, 404 and 405 for other paths and methods.
 *
 * <p>Metrics feed the {@link PoolModel}; spans feed the trace buffer and the route model. Each
 * process's data is marked with who sent it ({@link TelemetrySenders}): a PoolPilot agent that
 * proved the token and the process's session, or an unverified sender. Every sender's data is kept
 * and shown, whatever its {@code telemetry.distro.name}, but only an agent's steers; data in the
 * name of a process an agent owns, without its session, is refused (partial success) and still
 * forwarded. Only the control protocol makes a process controlled, so an OpenTelemetry SDK or agent
 * that exports here never gets a desired state.
 *
 * <p>Forwarding: every accepted body is handed, exactly as received (still compressed if it was),
 * to the forwarder after the sender has its answer; handing over only queues it, so forwarding
 * never delays ingest.
 *
 * <p>The listener itself ({@code AgentListenerVerticle}) is shared with the control protocol; this
 * class only adds its routes ({@link #mount}) and, after everyone's, the OTLP-shaped answers for
 * every other path and method ({@link #mountFallbacks}).
 */
public final class OtlpIngest {

  /** The limit the OTLP specification recommends: to the body as received, and once inflated. */
  public static final long MAX_BODY_BYTES = 20L * 1024 * 1024;

  private static final String SUPPORTED =
      OtlpEncoding.PROTOBUF.mediaType() + " or " + OtlpEncoding.JSON.mediaType();

  private final LiveModel live;
  private final TelemetrySenders senders;
  private final Consumer<OtlpPayload> forward;
  private final PoolMetricsExtractor extractor = new PoolMetricsExtractor();
  private final ProcessMetricsExtractor processes = new ProcessMetricsExtractor();
  private final SpanExtractor spans = new SpanExtractor();

  /**
   * @param senders tells an agent's data from anyone else's
   * @param forward takes every accepted body; must return at once
   */
  public OtlpIngest(LiveModel live, TelemetrySenders senders, Consumer<OtlpPayload> forward) {
    this.live = Objects.requireNonNull(live, "live");
    this.senders = Objects.requireNonNull(senders, "senders");
    this.forward = Objects.requireNonNull(forward, "forward");
  }

  /** Adds {@code POST /v1/metrics} and {@code POST /v1/traces} to the listener's router. */
  public void mount(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
    router.post("/v1/metrics").handler(body).handler(this::metrics);
    router.post("/v1/traces").handler(body).handler(this::traces);
  }

  /**
   * Adds, after every other route, OTLP-shaped answers for failures, unknown paths (404) and other
   * methods (405), so an OTLP sender gets a {@code google.rpc.Status} it can read.
   */
  public void mountFallbacks(Router router) {
    router.route().failureHandler(this::failure);
    router.errorHandler(404, this::failure);
    router.errorHandler(405, this::failure);
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
    Verdicts verdicts = new Verdicts(ctx);
    PoolModel model = live.pools();
    PoolMetricsExtractor.Extraction extraction = extractor.extract(request.get());
    Rejections rejections = new Rejections(extraction.rejectedPoints(), extraction.firstProblem());
    heard(extraction.senders(), verdicts, rejections);
    for (ProcessReport report : processes.extract(request.get())) {
      Verdict verdict = verdicts.of(report.key());
      if (!verdict.refused()) {
        live.processes().record(report, verdict.sender());
      }
    }
    for (PoolReport report : extraction.reports()) {
      InstanceKey instance = InstanceKey.of(report.key());
      Verdict verdict = verdicts.of(instance);
      Optional<String> refusal =
          verdict.refused()
              ? Optional.of(verdict.refusal())
              : model.record(report, live.processes().cpuUtilization(instance), verdict.sender());
      refusal.ifPresent(rejections::add);
    }
    ExportMetricsServiceResponse.Builder response = ExportMetricsServiceResponse.newBuilder();
    if (rejections.count > 0) {
      response.setPartialSuccess(
          ExportMetricsPartialSuccess.newBuilder()
              .setRejectedDataPoints(rejections.count)
              .setErrorMessage(rejections.first));
    }
    ok(ctx, encoding.get(), response.build());
    forward(ctx, "/v1/metrics");
  }

  private void traces(RoutingContext ctx) {
    Optional<OtlpEncoding> encoding = encodingOf(ctx);
    if (encoding.isEmpty()) {
      return;
    }
    Optional<ExportTraceServiceRequest> request =
        decode(ctx, encoding.get(), ExportTraceServiceRequest.newBuilder());
    if (request.isEmpty()) {
      return;
    }
    Verdicts verdicts = new Verdicts(ctx);
    SpanExtractor.Extraction extraction = spans.extract(request.get());
    Rejections rejections =
        new Rejections(
            extraction.skipped(), extraction.skipped() > 0 ? "span without a trace id" : null);
    heard(extraction.senders(), verdicts, rejections);
    List<SpanRecord> kept = new ArrayList<>(extraction.spans().size());
    for (SpanRecord span : extraction.spans()) {
      Verdict verdict = verdicts.of(new InstanceKey(span.service(), span.instance()));
      if (verdict.refused()) {
        rejections.add(verdict.refusal());
        continue;
      }
      kept.add(span);
      live.routes().record(span, verdict.sender());
    }
    live.traces().add(kept);
    ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
    if (rejections.count > 0) {
      response.setPartialSuccess(
          ExportTracePartialSuccess.newBuilder()
              .setRejectedSpans(rejections.count)
              .setErrorMessage(rejections.first));
    }
    ok(ctx, encoding.get(), response.build());
    forward(ctx, "/v1/traces");
  }

  private void heard(Map<InstanceKey, String> senders, Verdicts verdicts, Rejections rejections) {
    senders.forEach(
        (instance, distro) -> {
          Verdict verdict = verdicts.of(instance);
          if (!verdict.refused()) {
            live.pools().heard(instance, distro, verdict.sender());
          }
        });
  }

  /** Who each process in one request is from, decided once per process from its headers. */
  private final class Verdicts {
    private final String authorization;
    private final String session;
    private final Map<InstanceKey, Verdict> decided = new HashMap<>();

    Verdicts(RoutingContext ctx) {
      authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
      session = ctx.request().getHeader(ControlProtocol.SESSION_HEADER);
    }

    Verdict of(InstanceKey instance) {
      return decided.computeIfAbsent(instance, i -> senders.classify(i, authorization, session));
    }
  }

  /** The data refused in one request, and why the first was, for the OTLP partial success. */
  private static final class Rejections {
    long count;
    String first;

    Rejections(long count, String first) {
      this.count = count;
      this.first = first;
    }

    void add(String why) {
      count++;
      if (first == null) {
        first = why;
      }
    }
  }

  /** Hands the body as received to the forwarder, once the sender has its answer. */
  private void forward(RoutingContext ctx, String path) {
    Buffer raw = ctx.body().buffer();
    String encoding = ctx.request().getHeader(HttpHeaders.CONTENT_ENCODING);
    forward.accept(
        new OtlpPayload(
            path,
            ctx.request().getHeader(HttpHeaders.CONTENT_TYPE),
            encoding == null ? "" : encoding.trim(),
            raw == null ? Buffer.buffer() : raw));
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
    String header = ctx.request().getHeader(HttpHeaders.CONTENT_ENCODING);
    Optional<ContentEncoding> compression = ContentEncoding.of(header);
    if (compression.isEmpty()) {
      answer(
          ctx,
          415,
          encoding,
          new RpcStatus(
              RpcStatus.INVALID_ARGUMENT,
              "unsupported Content-Encoding '"
                  + header
                  + "', expected "
                  + ContentEncoding.SUPPORTED));
      return Optional.empty();
    }
    Buffer raw = ctx.body().buffer();
    Buffer body;
    try {
      body = compression.get().decode(raw == null ? Buffer.buffer() : raw, MAX_BODY_BYTES);
    } catch (ContentEncoding.TooLarge e) {
      answer(ctx, 413, encoding, tooLarge());
      return Optional.empty();
    } catch (IOException e) {
      String message = "cannot inflate the " + header + " body: " + e.getMessage();
      answer(ctx, 400, encoding, new RpcStatus(RpcStatus.INVALID_ARGUMENT, message));
      return Optional.empty();
    }
    try {
      return Optional.of(encoding.decode(body, builder));
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
          case 413 -> tooLarge();
          default -> new RpcStatus(RpcStatus.INTERNAL, "internal error: " + describe(ctx));
        };
    answer(ctx, status, encoding, rpc);
  }

  private static RpcStatus tooLarge() {
    return new RpcStatus(
        RpcStatus.RESOURCE_EXHAUSTED,
        "request body larger than " + MAX_BODY_BYTES + " bytes, compressed or not");
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
