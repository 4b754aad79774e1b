package io.poolpilot.sidecar.ingest;

import static io.poolpilot.sidecar.testing.Http.await;
import static io.poolpilot.sidecar.testing.PoolExport.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.poolpilot.sidecar.AgentListenerVerticle;
import io.poolpilot.sidecar.auth.AgentSessions;
import io.poolpilot.sidecar.auth.BearerToken;
import io.poolpilot.sidecar.auth.TelemetrySenders;
import io.poolpilot.sidecar.forward.OtlpPayload;
import io.poolpilot.sidecar.model.LiveModel;
import io.poolpilot.sidecar.model.PoolModel;
import io.poolpilot.sidecar.model.ProcessModel;
import io.poolpilot.sidecar.model.RouteModel;
import io.poolpilot.sidecar.model.TraceBuffer;
import io.poolpilot.sidecar.testing.Http;
import io.poolpilot.sidecar.testing.Http.Reply;
import io.poolpilot.sidecar.testing.PoolExport;
import io.poolpilot.sidecar.testing.Spans;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bodies above {@link OtlpIngest#INLINE_BODY_BYTES} are decoded and recorded on the ingest's
 * workers, not on the event loop, and answered exactly as small ones are. Where the work ran shows
 * in the thread that records it: the pool model's reading listener, the route model's clock.
 */
@ExtendWith(VertxExtension.class)
class LargeBodyIngestTest {

  private static final String PROTOBUF = "application/x-protobuf";
  private static final String JSON = "application/json";
  private static final String WORKER = "poolpilot-ingest";
  private static final String EVENT_LOOP = "vert.x-eventloop-thread";

  private final PoolModel pools = new PoolModel();
  private final List<String> poolThreads = new CopyOnWriteArrayList<>();
  private final List<String> spanThreads = new CopyOnWriteArrayList<>();
  private final List<OtlpPayload> forwarded = new CopyOnWriteArrayList<>();
  private ContextHttp http;
  private int port;

  /** The large bodies come from the agent, so its readings reach the decision loop's listener. */
  private static final String TOKEN = "large-body-test-token";

  @BeforeEach
  void deploy(Vertx vertx) {
    http = new ContextHttp(vertx).asAgent(TOKEN);
    pools.onReading(key -> poolThreads.add(Thread.currentThread().getName()));
    LiveModel live =
        new LiveModel(
            pools, new RouteModel(new ThreadNoting()), new TraceBuffer(), new ProcessModel());
    OtlpIngest ingest =
        new OtlpIngest(
            live,
            new TelemetrySenders(new BearerToken(TOKEN), new AgentSessions()),
            forwarded::add);
    AgentListenerVerticle listener =
        new AgentListenerVerticle("127.0.0.1", 0, List.of(ingest::mount), ingest::mountFallbacks);
    await(vertx.deployVerticle(listener));
    port = listener.actualPort();
  }

  @Test
  void aLargeMetricsBodyIsRecordedOnAWorkerAndAnsweredAsASmallOne() throws Exception {
    for (String type : List.of(PROTOBUF, JSON)) {
      long second = type.equals(PROTOBUF) ? 1 : 2;
      ExportMetricsServiceRequest small = export(0, "orders-*", second);
      ExportMetricsServiceRequest large = export(4_000, "billing-*", second);
      assertThat(large.getSerializedSize()).isGreaterThan(OtlpIngest.INLINE_BODY_BYTES);
      poolThreads.clear();

      Reply smallReply = post("/v1/metrics", type, small);
      Reply largeReply = post("/v1/metrics", type, large);

      assertThat(largeReply.status()).isEqualTo(smallReply.status()).isEqualTo(200);
      assertThat(largeReply.contentType()).isEqualTo(type);
      ExportMetricsServiceResponse smallAnswer = metricsAnswer(type, smallReply);
      ExportMetricsServiceResponse largeAnswer = metricsAnswer(type, largeReply);
      assertThat(largeAnswer.getPartialSuccess().getRejectedDataPoints()).isEqualTo(1);
      assertThat(largeAnswer.getPartialSuccess().getErrorMessage())
          .isEqualTo(
              smallAnswer.getPartialSuccess().getErrorMessage().replace("orders-*", "billing-*"));
      assertThat(poolThreads).hasSize(2);
      assertThat(poolThreads.get(0)).startsWith(EVENT_LOOP);
      assertThat(poolThreads.get(1)).startsWith(WORKER);
    }
  }

  @Test
  void aSmallCompressedBodyThatInflatesPastTheThresholdGoesToAWorker() {
    ExportMetricsServiceRequest large = export(4_000, "billing-*", 1);
    byte[] gzipped = Gzip.gzip(large.toByteArray());
    assertThat(gzipped.length).isLessThan(OtlpIngest.INLINE_BODY_BYTES);

    Reply reply =
        await(
            http.send(
                HttpMethod.POST,
                port,
                "/v1/metrics",
                Http.headers("Content-Type", PROTOBUF, "Content-Encoding", "gzip"),
                Buffer.buffer(gzipped)));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(poolThreads).singleElement().asString().startsWith(WORKER);
    await().atMost(Duration.ofSeconds(10)).until(() -> !forwarded.isEmpty());
    assertThat(forwarded)
        .singleElement()
        .satisfies(p -> assertThat(p.contentEncoding()).isEqualTo("gzip"));
    assertThat(forwarded.get(0).body().getBytes()).isEqualTo(gzipped);
  }

  @Test
  void manySpansAreRecordedOnAWorkerAndForwardedAsReceived() {
    ExportTraceServiceRequest spans = spans(2_000);
    assertThat(spans.getSerializedSize()).isGreaterThan(OtlpIngest.INLINE_BODY_BYTES);

    Reply reply = post("/v1/traces", JSON, spans);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().toJsonObject().getMap()).isEmpty();
    assertThat(spanThreads).hasSize(2_000).allMatch(thread -> thread.startsWith(WORKER));
    await().atMost(Duration.ofSeconds(10)).until(() -> !forwarded.isEmpty());
    assertThat(forwarded)
        .singleElement()
        .satisfies(p -> assertThat(p.path()).isEqualTo("/v1/traces"));
  }

  @Test
  void aLargeBodyThatDoesNotDecodeIsA400AsASmallOneIs() {
    Buffer broken = Buffer.buffer("{\"resourceSpans\": [" + " ".repeat(100_000) + "{]}");

    Reply reply = http.post(port, "/v1/traces", JSON, broken);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body().toJsonObject().getString("message"))
        .startsWith("cannot decode ExportTraceServiceRequest as application/json");
    // Bodies are forwarded after their answer, in the order answered: a valid body sent after the
    // broken one is forwarded after it, had it been forwarded at all.
    Buffer valid = Buffer.buffer(OtlpJson.of(spans(2_000)));
    assertThat(http.post(port, "/v1/traces", JSON, valid).status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> !forwarded.isEmpty());
    assertThat(forwarded).singleElement().satisfies(p -> assertThat(p.body()).isEqualTo(valid));
  }

  /** One pool with an unusable oldest age, and {@code padding} metrics nobody reads. */
  private static ExportMetricsServiceRequest export(int padding, String pool, long second) {
    PoolExport export =
        PoolExport.pool("orders", "i-1", pool)
            .at(PoolExport.START_NANOS + second * 1_000_000_000L)
            .threads(2, 4, 1, 1)
            .queue(3, 10, Double.NaN)
            .queueWait(3, 0, -80, 5, 1);
    for (int k = 0; k < padding; k++) {
      export.otherMetric("app.padding." + k, k);
    }
    return export.request();
  }

  private static ExportTraceServiceRequest spans(int count) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    Span template =
        Spans.export(Map.of(), 1, "GET /orders", Map.of("http.route", "/orders"))
            .getResourceSpans(0)
            .getScopeSpans(0)
            .getSpans(0);
    for (int k = 0; k < count; k++) {
      scope.addSpans(
          template.toBuilder()
              .setSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 1, (byte) k})));
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(
                    Spans.export(Map.of("service.name", "orders"), 1, "x", Map.of())
                        .getResourceSpans(0)
                        .getResource())
                .addScopeSpans(scope))
        .build();
  }

  private Reply post(String path, String type, com.google.protobuf.Message message) {
    Buffer body =
        type.equals(PROTOBUF)
            ? Buffer.buffer(message.toByteArray())
            : Buffer.buffer(OtlpJson.of(message));
    return http.post(port, path, type, body);
  }

  private static ExportMetricsServiceResponse metricsAnswer(String type, Reply reply)
      throws Exception {
    ExportMetricsServiceResponse.Builder answer = ExportMetricsServiceResponse.newBuilder();
    if (type.equals(PROTOBUF)) {
      answer.mergeFrom(reply.body().getBytes());
    } else {
      com.google.protobuf.util.JsonFormat.parser().merge(reply.body().toString(), answer);
    }
    return answer.build();
  }

  /** A clock that notes which thread asks it the time: the route model asks once per span. */
  private final class ThreadNoting extends Clock {
    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }

    @Override
    public long millis() {
      spanThreads.add(Thread.currentThread().getName());
      return 1_700_000_000_000L;
    }
  }
}
