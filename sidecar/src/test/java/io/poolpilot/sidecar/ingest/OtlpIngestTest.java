package io.poolpilot.sidecar.ingest;

import static io.poolpilot.sidecar.testing.PoolExport.pool;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.poolpilot.sidecar.AgentListenerVerticle;
import io.poolpilot.sidecar.auth.AgentSessions;
import io.poolpilot.sidecar.auth.BearerToken;
import io.poolpilot.sidecar.auth.TelemetrySenders;
import io.poolpilot.sidecar.model.LiveModel;
import io.poolpilot.sidecar.model.PoolKey;
import io.poolpilot.sidecar.model.PoolModel;
import io.poolpilot.sidecar.model.PoolSnapshot;
import io.poolpilot.sidecar.testing.Http;
import io.poolpilot.sidecar.testing.Http.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class OtlpIngestTest {

  private static final String PROTOBUF = "application/x-protobuf";
  private static final String JSON = "application/json";

  private final PoolModel model = new PoolModel();
  private int port;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    OtlpIngest ingest =
        new OtlpIngest(
            LiveModel.of(model),
            new TelemetrySenders(new BearerToken("t0ken"), new AgentSessions()),
            payload -> {});
    AgentListenerVerticle listener =
        new AgentListenerVerticle("127.0.0.1", 0, List.of(ingest::mount), ingest::mountFallbacks);
    vertx
        .deployVerticle(listener)
        .onComplete(
            ctx.succeeding(
                id -> {
                  port = listener.actualPort();
                  ctx.completeNow();
                }));
  }

  @Test
  void acceptsProtobufMetricsAndRecordsThePool(Vertx vertx, VertxTestContext ctx) {
    byte[] export =
        pool("orders", "i-1", "orders-*")
            .threads(4, 16, 4, 0)
            .queue(30, 1000, 0.2)
            .tasks(500, 0)
            .queueWait(3, 0, -24, 100)
            .request()
            .toByteArray();

    Http.post(vertx, port, "/v1/metrics", PROTOBUF, Buffer.buffer(export))
        .onComplete(
            ctx.succeeding(
                reply ->
                    ctx.verify(
                        () -> {
                          assertThat(reply.status()).isEqualTo(200);
                          assertThat(reply.contentType()).isEqualTo(PROTOBUF);
                          assertThat(
                                  ExportMetricsServiceResponse.parseFrom(reply.body().getBytes()))
                              .isEqualTo(ExportMetricsServiceResponse.getDefaultInstance());
                          assertThat(model.snapshots()).hasSize(1);
                          PoolSnapshot pool = model.snapshots().get(0);
                          assertThat(pool.key())
                              .isEqualTo(new PoolKey("orders", "i-1", "orders-*"));
                          assertThat(pool.core()).hasValue(4);
                          assertThat(pool.queued()).hasValue(30);
                          assertThat(pool.queueWait().samples()).isEqualTo(100);
                          ctx.completeNow();
                        })));
  }

  @Test
  void acceptsJsonMetricsAndAnswersInJson(Vertx vertx, VertxTestContext ctx) {
    String export =
        """
        {"resourceMetrics":[{
          "resource":{"attributes":[{"key":"service.name","value":{"stringValue":"orders"}}]},
          "scopeMetrics":[{"metrics":[{
            "name":"jvm.executor.thread.core",
            "gauge":{"dataPoints":[{
              "attributes":[{"key":"jvm.executor.name","value":{"stringValue":"orders-*"}}],
              "timeUnixNano":"1700000000000000000","asInt":"6"}]}
          }]}],
          "someFutureField":true
        }]}
        """;

    Http.post(vertx, port, "/v1/metrics", JSON + "; charset=utf-8", Buffer.buffer(export))
        .onComplete(
            ctx.succeeding(
                reply ->
                    ctx.verify(
                        () -> {
                          assertThat(reply.status()).isEqualTo(200);
                          assertThat(reply.contentType()).isEqualTo(JSON);
                          assertThat(reply.body().toJsonObject()).isEqualTo(new JsonObject());
                          assertThat(model.snapshots().get(0).core()).hasValue(6);
                          ctx.completeNow();
                        })));
  }

  @Test
  void acceptsGzippedBodies(Vertx vertx, VertxTestContext ctx) throws IOException {
    byte[] export = pool("orders", "i-1", "orders-*").threads(2, 2, 1, 1).request().toByteArray();

    Http.send(
            vertx,
            HttpMethod.POST,
            port,
            "/v1/metrics",
            Http.headers("Content-Type", PROTOBUF, "Content-Encoding", "gzip"),
            Buffer.buffer(Gzip.gzip(export)))
        .onComplete(
            ctx.succeeding(
                reply ->
                    ctx.verify(
                        () -> {
                          assertThat(reply.status()).isEqualTo(200);
                          assertThat(model.snapshots()).hasSize(1);
                          ctx.completeNow();
                        })));
  }

  @Test
  void answersPartialSuccessForPoolPointsItCannotUse(Vertx vertx, VertxTestContext ctx) {
    byte[] export =
        pool("orders", "i-1", "orders-*")
            .threads(2, 2, 1, 1)
            .deltaThreadCount(3)
            .request()
            .toByteArray();

    Http.post(vertx, port, "/v1/metrics", PROTOBUF, Buffer.buffer(export))
        .onComplete(
            ctx.succeeding(
                reply ->
                    ctx.verify(
                        () -> {
                          assertThat(reply.status()).isEqualTo(200);
                          ExportMetricsServiceResponse response =
                              ExportMetricsServiceResponse.parseFrom(reply.body().getBytes());
                          assertThat(response.getPartialSuccess().getRejectedDataPoints())
                              .isEqualTo(1);
                          assertThat(response.getPartialSuccess().getErrorMessage())
                              .contains("delta temporality");
                          ctx.completeNow();
                        })));
  }

  @Test
  void acceptsTracesWithOtlpHexIds(Vertx vertx, VertxTestContext ctx) {
    String traces =
        """
        {"resourceSpans":[{"scopeSpans":[{"spans":[{
          "traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174",
          "name":"GET /orders","kind":2}]}]}]}
        """;

    Http.post(vertx, port, "/v1/traces", JSON, Buffer.buffer(traces))
        .onComplete(
            ctx.succeeding(
                reply ->
                    ctx.verify(
                        () -> {
                          assertThat(reply.status()).isEqualTo(200);
                          assertThat(reply.body().toJsonObject()).isEqualTo(new JsonObject());
                          ctx.completeNow();
                        })));
  }

  @Test
  void acceptsProtobufTraces(Vertx vertx, VertxTestContext ctx) {
    byte[] traces =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .addScopeSpans(
                        ScopeSpans.newBuilder()
                            .addSpans(
                                Span.newBuilder()
                                    .setTraceId(
                                        ByteString.fromHex("5b8efff798038103d269b633813fc60c"))
                                    .setName("GET /orders"))))
            .build()
            .toByteArray();

    Http.post(vertx, port, "/v1/traces", PROTOBUF, Buffer.buffer(traces))
        .onComplete(
            ctx.succeeding(
                reply ->
                    ctx.verify(
                        () -> {
                          assertThat(reply.status()).isEqualTo(200);
                          assertThat(ExportTraceServiceResponse.parseFrom(reply.body().getBytes()))
                              .isEqualTo(ExportTraceServiceResponse.getDefaultInstance());
                          ctx.completeNow();
                        })));
  }

  @Test
  void answersAnUndecodableProtobufBodyWith400AndAStatus(Vertx vertx, VertxTestContext ctx) {
    Buffer garbage = Buffer.buffer(new byte[] {(byte) 0x0a, (byte) 0xff, 0x01, 0x02});

    Http.post(vertx, port, "/v1/metrics", PROTOBUF, garbage)
        .onComplete(
            ctx.succeeding(
                reply ->
                    ctx.verify(
                        () -> {
                          assertThat(reply.status()).isEqualTo(400);
                          assertThat(reply.contentType()).isEqualTo(PROTOBUF);
                          assertThat(statusMessage(reply))
                              .startsWith(
                                  "cannot decode ExportMetricsServiceRequest as"
                                      + " application/x-protobuf");
                          assertThat(model.snapshots()).isEmpty();
                          ctx.completeNow();
                        })));
  }

  @Test
  void answersBrokenJsonWith400AndAJsonStatus(Vertx vertx, VertxTestContext ctx) {
    Http.post(vertx, port, "/v1/metrics", JSON, Buffer.buffer("{\"resourceMetrics\": [}"))
        .onComplete(
            ctx.succeeding(
                reply ->
                    ctx.verify(
                        () -> {
                          assertThat(reply.status()).isEqualTo(400);
                          assertThat(reply.contentType()).isEqualTo(JSON);
                          JsonObject status = reply.body().toJsonObject();
                          assertThat(status.getInteger("code")).isEqualTo(3);
                          assertThat(status.getString("message"))
                              .startsWith(
                                  "cannot decode ExportMetricsServiceRequest as application/json");
                          ctx.completeNow();
                        })));
  }

  @Test
  void answersAnIdThatIsNotHexWith400(Vertx vertx, VertxTestContext ctx) {
    String traces = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"xyz\"}]}]}]}";

    Http.post(vertx, port, "/v1/traces", JSON, Buffer.buffer(traces))
        .onComplete(
            ctx.succeeding(
                reply ->
                    ctx.verify(
                        () -> {
                          assertThat(reply.status()).isEqualTo(400);
                          assertThat(reply.body().toJsonObject().getString("message"))
                              .contains("traceId 'xyz' is not a hex string");
                          ctx.completeNow();
                        })));
  }

  @Test
  void answersOtherContentTypesWith415(Vertx vertx, VertxTestContext ctx) {
    Http.post(vertx, port, "/v1/metrics", "text/plain", Buffer.buffer("hello"))
        .onComplete(
            ctx.succeeding(
                reply ->
                    ctx.verify(
                        () -> {
                          assertThat(reply.status()).isEqualTo(415);
                          assertThat(statusMessage(reply))
                              .isEqualTo(
                                  "unsupported Content-Type 'text/plain', expected"
                                      + " application/x-protobuf or application/json");
                          ctx.completeNow();
                        })));
  }

  @Test
  void answersOtherPathsWith404AndOtherMethodsWith405(Vertx vertx, VertxTestContext ctx) {
    Http.post(vertx, port, "/v1/logs", PROTOBUF, Buffer.buffer())
        .compose(
            notFound -> {
              ctx.verify(() -> assertThat(notFound.status()).isEqualTo(404));
              return Http.get(vertx, port, "/v1/metrics");
            })
        .onComplete(
            ctx.succeeding(
                notAllowed ->
                    ctx.verify(
                        () -> {
                          assertThat(notAllowed.status()).isEqualTo(405);
                          assertThat(statusMessage(notAllowed)).contains("use POST");
                          ctx.completeNow();
                        })));
  }

  @Test
  void answersAnEmptyRequestWithSuccess(Vertx vertx, VertxTestContext ctx) {
    Http.post(vertx, port, "/v1/metrics", PROTOBUF, Buffer.buffer())
        .onComplete(
            ctx.succeeding(
                reply ->
                    ctx.verify(
                        () -> {
                          assertThat(reply.status()).isEqualTo(200);
                          ctx.completeNow();
                        })));
  }

  @Test
  void answersABodyOverTheLimitWith413(Vertx vertx, VertxTestContext ctx) {
    Buffer tooLarge = Buffer.buffer(new byte[(int) OtlpIngest.MAX_BODY_BYTES + 1]);

    Http.post(vertx, port, "/v1/metrics", PROTOBUF, tooLarge)
        .onComplete(
            ctx.succeeding(
                reply ->
                    ctx.verify(
                        () -> {
                          assertThat(reply.status()).isEqualTo(413);
                          ctx.completeNow();
                        })));
  }

  @Test
  void acceptsDeflatedBodiesAndRefusesOtherEncodingsWith415(Vertx vertx) throws IOException {
    byte[] export = pool("orders", "i-1", "orders-*").threads(2, 2, 1, 1).request().toByteArray();
    ByteArrayOutputStream deflated = new ByteArrayOutputStream();
    try (DeflaterOutputStream out = new DeflaterOutputStream(deflated)) {
      out.write(export);
    }

    Reply ok =
        Http.await(
            Http.send(
                vertx,
                HttpMethod.POST,
                port,
                "/v1/metrics",
                Http.headers("Content-Type", PROTOBUF, "Content-Encoding", "deflate"),
                Buffer.buffer(deflated.toByteArray())));
    Reply brotli =
        Http.await(
            Http.send(
                vertx,
                HttpMethod.POST,
                port,
                "/v1/metrics",
                Http.headers("Content-Type", PROTOBUF, "Content-Encoding", "br"),
                Buffer.buffer(export)));

    assertThat(ok.status()).isEqualTo(200);
    assertThat(model.snapshots()).hasSize(1);
    assertThat(brotli.status()).isEqualTo(415);
    assertThat(statusMessage(brotli))
        .isEqualTo("unsupported Content-Encoding 'br', expected gzip, deflate or identity");
  }

  @Test
  void answersABodyThatInflatesPastTheLimitWith413(Vertx vertx) throws IOException {
    byte[] bomb = Gzip.gzip(new byte[(int) OtlpIngest.MAX_BODY_BYTES + 1]);

    Reply reply =
        Http.await(
            Http.send(
                vertx,
                HttpMethod.POST,
                port,
                "/v1/metrics",
                Http.headers("Content-Type", PROTOBUF, "Content-Encoding", "gzip"),
                Buffer.buffer(bomb)));

    assertThat(bomb.length).isLessThan(100_000);
    assertThat(reply.status()).isEqualTo(413);
  }

  @Test
  void answersACorruptGzipBodyWith400(Vertx vertx) throws InvalidProtocolBufferException {
    Reply reply =
        Http.await(
            Http.send(
                vertx,
                HttpMethod.POST,
                port,
                "/v1/metrics",
                Http.headers("Content-Type", PROTOBUF, "Content-Encoding", "gzip"),
                Buffer.buffer("not gzip at all")));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(statusMessage(reply)).startsWith("cannot inflate the gzip body");
  }

  /** The message field of a protobuf {@code google.rpc.Status}. */
  private static String statusMessage(Reply reply) throws InvalidProtocolBufferException {
    UnknownFieldSet status = UnknownFieldSet.parseFrom(reply.body().getBytes());
    return status.getField(2).getLengthDelimitedList().get(0).toString(StandardCharsets.UTF_8);
  }
}
