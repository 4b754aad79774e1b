package io.poolpilot.sidecar.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.poolpilot.sidecar.forward.OtlpPayload;
import io.poolpilot.sidecar.model.LiveModel;
import io.poolpilot.sidecar.model.PoolModel;
import io.poolpilot.sidecar.testing.Http;
import io.poolpilot.sidecar.testing.Http.Reply;
import io.poolpilot.sidecar.testing.Logs;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code POST /v1/logs}, where an OpenTelemetry agent pointed at the sidecar sends its logs: taken
 * from anyone like the other signals, answered as OTLP says, and handed on to the forwarder.
 */
@ExtendWith(VertxExtension.class)
class OtlpLogsIngestTest {

  private static final String PROTOBUF = "application/x-protobuf";
  private static final String JSON = "application/json";
  private static final String LOGS = "/v1/logs";

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
  void acceptsProtobufLogsWithoutATokenAndForwardsThemAsReceived()
      throws InvalidProtocolBufferException {
    byte[] export = Logs.export("orders", "order 42 placed").toByteArray();

    Reply reply = post(PROTOBUF, null, Buffer.buffer(export));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.contentType()).isEqualTo(PROTOBUF);
    assertThat(ExportLogsServiceResponse.parseFrom(reply.body().getBytes()))
        .isEqualTo(ExportLogsServiceResponse.getDefaultInstance());
    await().atMost(Duration.ofSeconds(10)).until(() -> forwarded.size() == 1);
    assertThat(forwarded.get(0).path()).isEqualTo(LOGS);
    assertThat(forwarded.get(0).contentType()).isEqualTo(PROTOBUF);
    assertThat(forwarded.get(0).body().getBytes()).isEqualTo(export);
    assertThat(model.snapshots()).as("logs steer nothing").isEmpty();
  }

  @Test
  void acceptsJsonLogsWithHexIdsAndAnswersInJson() {
    String export = OtlpJson.of(Logs.export("orders", "order 42 placed"));
    assertThat(export).contains("\"traceId\":\"" + Logs.TRACE_ID + "\"");

    Reply reply = post(JSON + "; charset=utf-8", null, Buffer.buffer(export));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.contentType()).isEqualTo(JSON);
    assertThat(reply.body().toJsonObject()).isEqualTo(new JsonObject());
  }

  @Test
  void acceptsGzippedLogsAndForwardsThemStillCompressed() {
    byte[] gzipped = Gzip.gzip(Logs.export("orders", "order 42 placed").toByteArray());

    Reply reply = post(PROTOBUF, "gzip", Buffer.buffer(gzipped));

    assertThat(reply.status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> forwarded.size() == 1);
    assertThat(forwarded.get(0).contentEncoding()).isEqualTo("gzip");
    assertThat(forwarded.get(0).body().getBytes()).isEqualTo(gzipped);
  }

  @Test
  void answersALogsBodyThatDoesNotDecodeWith400NamingTheMessageAndForwardsNothing() {
    Reply protobuf = post(PROTOBUF, null, Buffer.buffer(new byte[] {0x0a, (byte) 0xff, 0x01}));
    Reply json = post(JSON, null, Buffer.buffer("{\"resourceLogs\": [}"));
    Reply gzip = post(PROTOBUF, "gzip", Buffer.buffer("not gzip at all"));

    assertThat(protobuf.status()).isEqualTo(400);
    assertThat(protobuf.contentType()).isEqualTo(PROTOBUF);
    assertThat(json.status()).isEqualTo(400);
    assertThat(json.body().toJsonObject().getString("message"))
        .startsWith("cannot decode ExportLogsServiceRequest as application/json");
    assertThat(gzip.status()).isEqualTo(400);
    assertThat(forwarded).isEmpty();
  }

  @Test
  void answersOtherContentTypesOnLogsWith415() {
    Reply reply = post("text/plain", null, Buffer.buffer("order 42 placed"));

    assertThat(reply.status()).isEqualTo(415);
    assertThat(forwarded).isEmpty();
  }

  @Test
  void answersOtherMethodsOnLogsWith405() {
    Reply reply = Http.await(Http.get(vertx, port, LOGS));

    assertThat(reply.status()).isEqualTo(405);
  }

  private Reply post(String contentType, String contentEncoding, Buffer body) {
    return Http.await(
        Http.send(
            vertx,
            HttpMethod.POST,
            port,
            LOGS,
            contentEncoding == null
                ? Http.headers("Content-Type", contentType)
                : Http.headers("Content-Type", contentType, "Content-Encoding", contentEncoding),
            body));
  }
}
