package io.poolpilot.sidecar.ingest;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.poolpilot.protocol.control.ControlProtocol;
import io.poolpilot.sidecar.auth.TelemetrySenders;
import io.poolpilot.sidecar.auth.TelemetrySenders.Verdict;
import io.poolpilot.sidecar.forward.OtlpPayload;
import io.poolpilot.sidecar.http.RpcStatus;
import io.poolpilot.sidecar.model.InstanceKey;
import io.poolpilot.sidecar.model.LiveModel;
import io.poolpilot.sidecar.model.PoolModel;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * OTLP/HTTP on the agent-facing listener: {@code POST /v1/metrics}, {@code /v1/traces} and {@code
 * /v1/logs} in binary protobuf or JSON, plain or compressed ({@link ContentEncoding}), answered as
 * the OTLP specification says. Success is 200 with an empty {@code Export*ServiceResponse} in the
 * request's encoding, or a partial success naming the pool data points the model could not use, the
 * spans with invalid ids ({@link SpanIds}), or the items of a JSON body keyed by protobuf field
 * names ({@link ExportItems}); failures carry a {@code google.rpc.Status}: 400 for a body that does
 * not decode, 413 above {@link #MAX_BODY_BYTES} before or after inflating, 415 for other content
 * types and encodings, 404 and 405 for other paths and methods.
 *
 * <p>Metrics feed the {@link PoolModel}; spans feed the trace buffer and the route model. Logs feed
 * nothing: they are decoded only to answer as OTLP requires (400 for a body that is not an {@code
 * ExportLogsServiceRequest}, a partial success for records keyed by protobuf field names) and then
 * forwarded, because an OpenTelemetry agent pointed at this port exports its logs here by default
 * and would otherwise lose them. Each process's data is marked with who sent it ({@link
 * TelemetrySenders}): a PoolPilot agent that proved the token and the process's session, or an
 * unverified sender. Every sender's data is kept and shown, whatever its {@code
 * telemetry.distro.name}, but only an agent's steers; data in the name of a process an agent owns,
 * without its session, is refused (partial success) and still forwarded. Only the control protocol
 * makes a process controlled, so an OpenTelemetry SDK or agent that exports here never gets a
 * desired state.
 *
 * <p>Where the work runs: a body of at most {@link #INLINE_BODY_BYTES}, as received and once
 * inflated, is decoded and recorded ({@link ExportRecorder}) on the event loop; a larger one on one
 * of {@link #WORKERS} worker threads of the ingest's own, so that no body, up to the 20 MiB limit,
 * holds up the control polls the same event loop serves. The answer is the same either way.
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

  /**
   * The largest body, as received and once inflated, handled on the event loop: 64 KiB. The agent's
   * metric exports are a few KiB (a batch of up to 512 spans may pass it and go to a worker, which
   * answers the same), and a 64 KiB body decodes and records in a few milliseconds at most
   * (measured on a busy 2-core machine: about 3 ms for JSON spans, under 1 ms as protobuf), a delay
   * no control poll on the same event loop notices; sending every export of every agent through a
   * worker would instead add two thread hand-overs to each. Work grows with the body, to seconds at
   * 20 MiB of JSON or 100,000 spans, which on the event loop would hold up every poll behind it.
   */
  static final int INLINE_BODY_BYTES = 64 * 1024;

  /**
   * Worker threads for larger bodies: two, in a pool of their own, so that a flood of large bodies
   * neither takes the workers that journal and answer control polls nor parses more than two bodies
   * (each becomes many times its size in objects) at once; the rest wait their turn, already
   * received. Unordered, so bodies may finish in any order, even those of one sender: the model
   * takes a pool report older than the one it has as overtaken, not as a retry (it still adds the
   * report's delta counts and histogram buckets, and skips only its stale gauges), and spans carry
   * their own times.
   */
  static final int WORKERS = 2;

  private static final String WORKER_POOL = "poolpilot-ingest";
  private static final String METRICS = "/v1/metrics";
  private static final String TRACES = "/v1/traces";
  private static final String LOGS = "/v1/logs";

  private static final String SUPPORTED =
      OtlpEncoding.PROTOBUF.mediaType() + " or " + OtlpEncoding.JSON.mediaType();

  private final ExportRecorder recorder;
  private final TelemetrySenders senders;
  private final Consumer<OtlpPayload> forward;
  private WorkerExecutor workers;

  /**
   * @param senders tells an agent's data from anyone else's
   * @param forward takes every accepted body; must return at once
   */
  public OtlpIngest(LiveModel live, TelemetrySenders senders, Consumer<OtlpPayload> forward) {
    this.recorder = new ExportRecorder(Objects.requireNonNull(live, "live"));
    this.senders = Objects.requireNonNull(senders, "senders");
    this.forward = Objects.requireNonNull(forward, "forward");
  }

  /** Adds {@code POST /v1/metrics}, {@code /v1/traces} and {@code /v1/logs} to the router. */
  public void mount(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
    router
        .post(METRICS)
        .handler(body)
        .handler(
            ctx ->
                receive(
                    ctx,
                    METRICS,
                    ExportMetricsServiceRequest.getDefaultInstance(),
                    OtlpIngest::metricsView,
                    recorder::metrics));
    router
        .post(TRACES)
        .handler(body)
        .handler(
            ctx ->
                receive(
                    ctx,
                    TRACES,
                    ExportTraceServiceRequest.getDefaultInstance(),
                    generated(ExportTraceServiceRequest.getDefaultInstance(), ExportItems.TRACES),
                    recorder::traces));
    router
        .post(LOGS)
        .handler(body)
        .handler(
            ctx ->
                receive(
                    ctx,
                    LOGS,
                    ExportLogsServiceRequest.getDefaultInstance(),
                    generated(ExportLogsServiceRequest.getDefaultInstance(), ExportItems.LOGS),
                    (request, rejections, verdicts, admitted) ->
                        recorder.logs(request, rejections)));
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

  /**
   * Records one decoded export and returns the answer to it; {@code rejections} already counts the
   * items left out of {@code request} before it was handed over.
   */
  private interface Recording<T> {
    Message record(
        T request,
        Rejections rejections,
        Function<InstanceKey, Verdict> verdicts,
        Consumer<InstanceKey> admitted);
  }

  /**
   * Who each process in this request speaks for, from its token and session headers, decided once
   * per process; used on one thread at a time (the event loop, or the worker the body went to).
   */
  private Function<InstanceKey, Verdict> verdicts(RoutingContext ctx) {
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    String session = ctx.request().getHeader(ControlProtocol.SESSION_HEADER);
    Map<InstanceKey, Verdict> decided = new HashMap<>();
    return instance ->
        decided.computeIfAbsent(instance, i -> senders.classify(i, authorization, session));
  }

  /** Binds each process taken in from an agent's request to the request's session. */
  private Consumer<InstanceKey> admitted(RoutingContext ctx) {
    String session = ctx.request().getHeader(ControlProtocol.SESSION_HEADER);
    return instance -> senders.admitted(instance, session);
  }

  /**
   * Decodes a body into what its recording takes, leaving out the items a JSON body misnamed a key
   * in ({@link ExportItems}).
   */
  private interface Decoding<T> {
    /**
     * @throws InvalidProtocolBufferException if the body is not a valid message in this encoding
     */
    Accepted<T> decode(OtlpEncoding encoding, Buffer body) throws InvalidProtocolBufferException;
  }

  /**
   * A decoded body, less the items refused before recording.
   *
   * @param refused how many items were left out, and {@code reason} why the first was
   */
  private record Accepted<T>(T kept, long refused, String reason) {}

  /** Decoding with protobuf-java's generated classes, the {@code items} screened. */
  private static <T extends Message> Decoding<T> generated(T prototype, ExportItems items) {
    return (encoding, body) -> {
      OtlpEncoding.Decoded<T> decoded = encoding.decode(body, prototype.newBuilderForType());
      ExportItems.Screened<T> screened = items.screen(decoded.message(), decoded.misnamed());
      return new Accepted<>(screened.kept(), screened.refused(), screened.reason());
    };
  }

  /**
   * A metrics body as the extractors read it: protobuf by the streaming reader, which allocates a
   * fraction of what the generated classes do; JSON, and any protobuf body the streaming reader
   * leaves to them ({@link StreamingMetricsReader.Unusual}: invalid ones included, so the sender
   * gets the error it always got), by the generated classes.
   */
  private static Accepted<MetricsView> metricsView(OtlpEncoding encoding, Buffer body)
      throws InvalidProtocolBufferException {
    if (encoding == OtlpEncoding.PROTOBUF) {
      try {
        return new Accepted<>(StreamingMetricsReader.read(BufferBytes.view(body)), 0, null);
      } catch (StreamingMetricsReader.Unusual e) {
        // Decoded below, as every body was before the streaming reader.
      }
    }
    Accepted<ExportMetricsServiceRequest> decoded =
        generated(ExportMetricsServiceRequest.getDefaultInstance(), ExportItems.METRICS)
            .decode(encoding, body);
    return new Accepted<>(MetricsView.of(decoded.kept()), decoded.refused(), decoded.reason());
  }

  /**
   * Checks the content type and encoding, then decodes the body ({@code decoding}; a {@code
   * prototype} names the message in errors), leaving out the items a JSON body misnamed a key in,
   * and has {@code recording} record the rest: on the event loop if it is small enough as received
   * and once inflated, else on a worker. Answers, and forwards what was accepted.
   */
  private <T> void receive(
      RoutingContext ctx,
      String path,
      Message prototype,
      Decoding<T> decoding,
      Recording<T> recording) {
    String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    Optional<OtlpEncoding> encoding = OtlpEncoding.of(contentType);
    if (encoding.isEmpty()) {
      String message =
          "unsupported Content-Type '"
              + Objects.requireNonNullElse(contentType, "")
              + "', expected "
              + SUPPORTED;
      answer(ctx, 415, OtlpEncoding.PROTOBUF, new RpcStatus(RpcStatus.INVALID_ARGUMENT, message));
      return;
    }
    String header = ctx.request().getHeader(HttpHeaders.CONTENT_ENCODING);
    Optional<ContentEncoding> compression = ContentEncoding.of(header);
    if (compression.isEmpty()) {
      String message =
          "unsupported Content-Encoding '" + header + "', expected " + ContentEncoding.SUPPORTED;
      answer(ctx, 415, encoding.get(), new RpcStatus(RpcStatus.INVALID_ARGUMENT, message));
      return;
    }
    Function<InstanceKey, Verdict> verdicts = verdicts(ctx);
    Consumer<InstanceKey> admitted = admitted(ctx);
    Handling handling =
        (otlp, inflated) ->
            decoded(
                otlp,
                inflated,
                prototype,
                decoding,
                (request, rejections) -> recording.record(request, rejections, verdicts, admitted));
    Body body =
        new Body(path, contentType, encoding.get(), compression.get(), header, raw(ctx), handling);
    Optional<Reply> inline =
        body.raw.length() <= INLINE_BODY_BYTES ? body.handle(INLINE_BODY_BYTES) : Optional.empty();
    if (inline.isPresent()) {
      finish(ctx, body, inline.get());
      return;
    }
    workers(ctx)
        .executeBlocking(() -> body.handle(MAX_BODY_BYTES).orElseThrow(), false)
        .onComplete(
            done -> {
              if (done.succeeded()) {
                finish(ctx, body, done.result());
              } else {
                ctx.fail(done.cause());
              }
            });
  }

  /** The pool for large bodies, made on the listener's context so that it closes with it. */
  private synchronized WorkerExecutor workers(RoutingContext ctx) {
    if (workers == null) {
      workers = ctx.vertx().createSharedWorkerExecutor(WORKER_POOL, WORKERS);
    }
    return workers;
  }

  /** Decodes and records one body; the same wherever it runs. */
  private interface Handling {
    Reply handle(OtlpEncoding encoding, Buffer inflated);
  }

  /** An answer as it goes on the wire: status, and the body in the request's encoding. */
  private record Reply(int status, OtlpEncoding encoding, Buffer body) {}

  /**
   * A request body that passed the header checks, and what to do with it.
   *
   * @param contentType the request's {@code Content-Type} as sent
   * @param header the request's {@code Content-Encoding} as sent, null if none
   * @param raw the body as received, still compressed if it was
   */
  private record Body(
      String path,
      String contentType,
      OtlpEncoding encoding,
      ContentEncoding compression,
      String header,
      Buffer raw,
      Handling handling) {

    /**
     * Inflates the body within {@code limit} bytes and handles it; empty if it inflates past a
     * {@code limit} below {@link OtlpIngest#MAX_BODY_BYTES}, so that a worker does it with more
     * room.
     */
    Optional<Reply> handle(long limit) {
      Buffer inflated;
      try {
        inflated = compression.decode(raw, limit);
      } catch (ContentEncoding.TooLarge e) {
        return limit < MAX_BODY_BYTES
            ? Optional.empty()
            : Optional.of(failure(413, encoding, tooLarge()));
      } catch (IOException e) {
        String message = "cannot inflate the " + header + " body: " + e.getMessage();
        return Optional.of(
            failure(400, encoding, new RpcStatus(RpcStatus.INVALID_ARGUMENT, message)));
      }
      return Optional.of(handling.handle(encoding, inflated));
    }
  }

  /**
   * Decodes one body and records it. Items under a misnamed JSON key are refused, counted and left
   * out, not the whole body: it did decode, and OTLP answers a well-formed request with a partial
   * success, keeping a snake_case sender's valid items rather than losing them all.
   */
  private static <T> Reply decoded(
      OtlpEncoding encoding,
      Buffer body,
      Message prototype,
      Decoding<T> decoding,
      BiFunction<T, Rejections, Message> record) {
    Accepted<T> accepted;
    try {
      accepted = decoding.decode(encoding, body);
    } catch (InvalidProtocolBufferException e) {
      String message =
          "cannot decode "
              + prototype.getDescriptorForType().getName()
              + " as "
              + encoding.mediaType()
              + ": "
              + e.getMessage();
      return failure(400, encoding, new RpcStatus(RpcStatus.INVALID_ARGUMENT, message));
    }
    Rejections rejections = new Rejections();
    rejections.add(accepted.refused(), accepted.reason());
    return new Reply(200, encoding, encoding.encode(record.apply(accepted.kept(), rejections)));
  }

  private static Reply failure(int status, OtlpEncoding encoding, RpcStatus rpc) {
    return new Reply(status, encoding, encoding.encode(rpc));
  }

  /** Sends the answer, and hands an accepted body on to the forwarder. */
  private void finish(RoutingContext ctx, Body body, Reply reply) {
    send(ctx, reply);
    if (reply.status() == 200) {
      forward(body);
    }
  }

  /**
   * Hands the body, byte for byte as received, to the forwarder once the sender has its answer. Its
   * encoding goes by its canonical token ({@link ContentEncoding#token}), not as the sender spelled
   * it: the ingest read {@code X-GZip} as gzip, and an upstream need not.
   */
  private void forward(Body body) {
    forward.accept(
        new OtlpPayload(body.path, body.contentType, body.compression.token(), body.raw));
  }

  private static Buffer raw(RoutingContext ctx) {
    Buffer raw = ctx.body().buffer();
    return raw == null ? Buffer.buffer() : raw;
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
                      + ", use /v1/metrics, /v1/traces or /v1/logs");
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
    send(ctx, failure(status, encoding, rpc));
  }

  private static void send(RoutingContext ctx, Reply reply) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    ctx.response()
        .setStatusCode(reply.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, reply.encoding().mediaType())
        .end(reply.body());
  }
}
