package io.poolpilot.sidecar.ingest;

import static io.poolpilot.sidecar.testing.PoolExport.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.poolpilot.sidecar.forward.OtlpPayload;
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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class OtlpIngestTest {

  private static final String PROTOBUF = "application/x-protobuf";
  private static final String JSON = "application/json";

  private final PoolModel model = new PoolModel();
  private final List<OtlpPayload> forwarded = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private int port;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    this.vertx = vertx;
    IngestListener.deploy(vertx, LiveModel.of(model), forwarded::add)
        .onComplete(
            ctx.succeeding(
                listening -> {
                  port = listening;
                  ctx.completeNow();
                }));
  }

  @Test
  void acceptsProtobufMetricsAndRecordsThePool() throws InvalidProtocolBufferException {
    byte[] export =
        pool("orders", "i-1", "orders-*")
            .threads(4, 16, 4, 0)
            .queue(30, 1000, 0.2)
            .tasks(500, 0)
            .queueWait(3, 0, -24, 100)
            .request()
            .toByteArray();

    Reply reply = post("/v1/metrics", PROTOBUF, Buffer.buffer(export));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.contentType()).isEqualTo(PROTOBUF);
    assertThat(ExportMetricsServiceResponse.parseFrom(reply.body().getBytes()))
        .isEqualTo(ExportMetricsServiceResponse.getDefaultInstance());
    assertThat(model.snapshots()).hasSize(1);
    PoolSnapshot pool = model.snapshots().get(0);
    assertThat(pool.key()).isEqualTo(new PoolKey("orders", "i-1", "orders-*"));
    assertThat(pool.core()).hasValue(4);
    assertThat(pool.queued()).hasValue(30);
    assertThat(pool.queueWait().samples()).isEqualTo(100);
  }

  @Test
  void acceptsJsonMetricsAndAnswersInJson() {
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

    Reply reply = post("/v1/metrics", JSON + "; charset=utf-8", Buffer.buffer(export));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.contentType()).isEqualTo(JSON);
    assertThat(reply.body().toJsonObject()).isEqualTo(new JsonObject());
    assertThat(model.snapshots().get(0).core()).hasValue(6);
  }

  @Test
  void acceptsGzippedBodies() throws IOException {
    byte[] export = pool("orders", "i-1", "orders-*").threads(2, 2, 1, 1).request().toByteArray();

    Reply reply = postEncoded("gzip", Buffer.buffer(Gzip.gzip(export)));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(model.snapshots()).hasSize(1);
  }

  @Test
  void answersPartialSuccessForPoolPointsItCannotUse() throws InvalidProtocolBufferException {
    byte[] export =
        pool("orders", "i-1", "orders-*")
            .threads(2, 2, 1, 1)
            .deltaThreadCount(3)
            .request()
            .toByteArray();

    Reply reply = post("/v1/metrics", PROTOBUF, Buffer.buffer(export));

    assertThat(reply.status()).isEqualTo(200);
    ExportMetricsServiceResponse response =
        ExportMetricsServiceResponse.parseFrom(reply.body().getBytes());
    assertThat(response.getPartialSuccess().getRejectedDataPoints()).isEqualTo(1);
    assertThat(response.getPartialSuccess().getErrorMessage()).contains("delta temporality");
  }

  @Test
  void acceptsTracesWithOtlpHexIds() {
    String traces =
        """
        {"resourceSpans":[{"scopeSpans":[{"spans":[{
          "traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174",
          "name":"GET /orders","kind":2}]}]}]}
        """;

    Reply reply = post("/v1/traces", JSON, Buffer.buffer(traces));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().toJsonObject()).isEqualTo(new JsonObject());
  }

  @Test
  void acceptsProtobufTraces() throws InvalidProtocolBufferException {
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
                                    .setSpanId(ByteString.fromHex("eee19b7ec3c1b174"))
                                    .setName("GET /orders"))))
            .build()
            .toByteArray();

    Reply reply = post("/v1/traces", PROTOBUF, Buffer.buffer(traces));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(ExportTraceServiceResponse.parseFrom(reply.body().getBytes()))
        .isEqualTo(ExportTraceServiceResponse.getDefaultInstance());
  }

  @Test
  void answersAnUndecodableProtobufBodyWith400AndAStatus() throws InvalidProtocolBufferException {
    Buffer garbage = Buffer.buffer(new byte[] {(byte) 0x0a, (byte) 0xff, 0x01, 0x02});

    Reply reply = post("/v1/metrics", PROTOBUF, garbage);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.contentType()).isEqualTo(PROTOBUF);
    assertThat(statusMessage(reply))
        .startsWith("cannot decode ExportMetricsServiceRequest as application/x-protobuf");
    assertThat(model.snapshots()).isEmpty();
  }

  @Test
  void answersBrokenJsonWith400AndAJsonStatus() {
    Reply reply = post("/v1/metrics", JSON, Buffer.buffer("{\"resourceMetrics\": [}"));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.contentType()).isEqualTo(JSON);
    JsonObject status = reply.body().toJsonObject();
    assertThat(status.getInteger("code")).isEqualTo(3);
    assertThat(status.getString("message"))
        .startsWith("cannot decode ExportMetricsServiceRequest as application/json");
  }

  @Test
  void answersAnIdThatIsNotHexWith400() {
    String traces = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"xyz\"}]}]}]}";

    Reply reply = post("/v1/traces", JSON, Buffer.buffer(traces));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body().toJsonObject().getString("message"))
        .contains("traceId 'xyz' is not a hex string");
  }

  @Test
  void answersOtherContentTypesWith415() throws InvalidProtocolBufferException {
    Reply reply = post("/v1/metrics", "text/plain", Buffer.buffer("hello"));

    assertThat(reply.status()).isEqualTo(415);
    assertThat(statusMessage(reply))
        .isEqualTo(
            "unsupported Content-Type 'text/plain', expected"
                + " application/x-protobuf or application/json");
  }

  @Test
  void answersOtherPathsWith404AndOtherMethodsWith405() throws InvalidProtocolBufferException {
    Reply notFound = post("/v1/profiles", PROTOBUF, Buffer.buffer());
    Reply notAllowed = Http.await(Http.get(vertx, port, "/v1/metrics"));

    assertThat(notFound.status()).isEqualTo(404);
    assertThat(statusMessage(notFound))
        .isEqualTo("no OTLP endpoint at /v1/profiles, use /v1/metrics, /v1/traces or /v1/logs");
    assertThat(notAllowed.status()).isEqualTo(405);
    assertThat(statusMessage(notAllowed)).contains("use POST");
  }

  @Test
  void answersAnEmptyRequestWithSuccess() {
    assertThat(post("/v1/metrics", PROTOBUF, Buffer.buffer()).status()).isEqualTo(200);
  }

  @Test
  void answersABodyOverTheLimitWith413() {
    Buffer tooLarge = Buffer.buffer(new byte[(int) OtlpIngest.MAX_BODY_BYTES + 1]);

    assertThat(post("/v1/metrics", PROTOBUF, tooLarge).status()).isEqualTo(413);
  }

  @Test
  void acceptsDeflatedBodiesAndRefusesOtherEncodingsWith415() throws IOException {
    byte[] export = pool("orders", "i-1", "orders-*").threads(2, 2, 1, 1).request().toByteArray();
    ByteArrayOutputStream deflated = new ByteArrayOutputStream();
    try (DeflaterOutputStream out = new DeflaterOutputStream(deflated)) {
      out.write(export);
    }

    Reply ok = postEncoded("deflate", Buffer.buffer(deflated.toByteArray()));
    Reply brotli = postEncoded("br", Buffer.buffer(export));

    assertThat(ok.status()).isEqualTo(200);
    assertThat(model.snapshots()).hasSize(1);
    assertThat(brotli.status()).isEqualTo(415);
    assertThat(statusMessage(brotli))
        .isEqualTo("unsupported Content-Encoding 'br', expected gzip, deflate or identity");
  }

  @Test
  void forwardsTheBodyAsReceivedUnderItsEncodingsCanonicalName() throws IOException {
    byte[] export = pool("orders", "i-1", "orders-*").threads(2, 2, 1, 1).request().toByteArray();
    byte[] gzipped = Gzip.gzip(export);

    assertThat(postEncoded(" X-GZip ", Buffer.buffer(gzipped)).status()).isEqualTo(200);
    assertThat(postEncoded("GZIP", Buffer.buffer(gzipped)).status()).isEqualTo(200);
    assertThat(postEncoded("Identity", Buffer.buffer(export)).status()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(10)).until(() -> forwarded.size() == 3);
    assertThat(forwarded)
        .extracting(OtlpPayload::path, OtlpPayload::contentType, OtlpPayload::contentEncoding)
        .containsExactly(
            tuple("/v1/metrics", PROTOBUF, "gzip"),
            tuple("/v1/metrics", PROTOBUF, "gzip"),
            tuple("/v1/metrics", PROTOBUF, ""));
    assertThat(forwarded.get(0).body().getBytes()).isEqualTo(gzipped);
    assertThat(forwarded.get(1).body().getBytes()).isEqualTo(gzipped);
    assertThat(forwarded.get(2).body().getBytes()).isEqualTo(export);
  }

  @Test
  void answersABodyThatInflatesPastTheLimitWith413() throws IOException {
    byte[] bomb = Gzip.gzip(new byte[(int) OtlpIngest.MAX_BODY_BYTES + 1]);

    Reply reply = postEncoded("gzip", Buffer.buffer(bomb));

    assertThat(bomb.length).isLessThan(100_000);
    assertThat(reply.status()).isEqualTo(413);
  }

  @Test
  void answersACorruptGzipBodyWith400() throws InvalidProtocolBufferException {
    Reply reply = postEncoded("gzip", Buffer.buffer("not gzip at all"));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(statusMessage(reply)).startsWith("cannot inflate the gzip body");
  }

  private Reply post(String path, String contentType, Buffer body) {
    return Http.await(Http.post(vertx, port, path, contentType, body));
  }

  /** A protobuf metrics export sent with the given {@code Content-Encoding}. */
  private Reply postEncoded(String encoding, Buffer body) {
    return Http.await(
        Http.send(
            vertx,
            HttpMethod.POST,
            port,
            "/v1/metrics",
            Http.headers("Content-Type", PROTOBUF, "Content-Encoding", encoding),
            body));
  }

  /** The message field of a protobuf {@code google.rpc.Status}. */
  private static String statusMessage(Reply reply) throws InvalidProtocolBufferException {
    UnknownFieldSet status = UnknownFieldSet.parseFrom(reply.body().getBytes());
    return status.getField(2).getLengthDelimitedList().get(0).toString(StandardCharsets.UTF_8);
  }
}
