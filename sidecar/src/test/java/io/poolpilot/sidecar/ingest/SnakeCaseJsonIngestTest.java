package io.poolpilot.sidecar.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.sidecar.AgentListenerVerticle;
import io.poolpilot.sidecar.auth.AgentSessions;
import io.poolpilot.sidecar.auth.BearerToken;
import io.poolpilot.sidecar.auth.TelemetrySenders;
import io.poolpilot.sidecar.forward.OtlpPayload;
import io.poolpilot.sidecar.model.LiveModel;
import io.poolpilot.sidecar.testing.Http;
import io.poolpilot.sidecar.testing.Http.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * OTLP/JSON whose keys are protobuf field names ({@code trace_id}) is not valid OTLP/JSON: the
 * whole request is answered 400 with the key named, nothing of it is kept and nothing forwarded,
 * where before it was taken and its snake_case ids decoded into the wrong bytes.
 */
@ExtendWith(VertxExtension.class)
class SnakeCaseJsonIngestTest {

  private static final String JSON = "application/json";

  private final LiveModel live = LiveModel.create(Clock.systemUTC());
  private final List<OtlpPayload> forwarded = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private int port;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    OtlpIngest ingest =
        new OtlpIngest(
            live,
            new TelemetrySenders(new BearerToken("t0ken"), new AgentSessions()),
            forwarded::add);
    AgentListenerVerticle listener =
        new AgentListenerVerticle("127.0.0.1", 0, List.of(ingest::mount), ingest::mountFallbacks);
    this.vertx = vertx;
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
  void refusesTracesWithSnakeCaseIdsWhole() {
    String export =
        """
        {"resourceSpans":[{"scopeSpans":[{"spans":[
          {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"ok"},
          {"trace_id":"0af7651916cd43dd8448eb211c80319c","span_id":"b7ad6b7169203331","name":"x"}
        ]}]}]}
        """;

    Reply reply = post("/v1/traces", export);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.contentType()).isEqualTo(JSON);
    JsonObject status = reply.body().toJsonObject();
    assertThat(status.getInteger("code")).isEqualTo(3);
    assertThat(status.getString("message"))
        .isEqualTo(
            "cannot decode ExportTraceServiceRequest as application/json: key 'trace_id' in"
                + " resourceSpans[0].scopeSpans[0].spans[1] is a protobuf field name; OTLP/JSON"
                + " requires the lowerCamelCase 'traceId'");
    assertThat(live.traces().recent(Optional.empty(), 10)).as("nothing of it kept").isEmpty();
    assertThat(forwarded).as("nothing of it forwarded").isEmpty();
  }

  @Test
  void refusesMetricsAndLogsWithSnakeCaseKeys() {
    Reply metrics =
        post(
            "/v1/metrics",
            "{\"resourceMetrics\":[{\"scope_metrics\":[{\"metrics\":[{\"name\":\"m\"}]}]}]}");
    Reply logs =
        post(
            "/v1/logs",
            "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"time_unix_nano\":\"1\"}]}]}]}");

    assertThat(metrics.status()).isEqualTo(400);
    assertThat(metrics.body().toJsonObject().getString("message"))
        .contains("key 'scope_metrics' in resourceMetrics[0]")
        .contains("'scopeMetrics'");
    assertThat(logs.status()).isEqualTo(400);
    assertThat(logs.body().toJsonObject().getString("message"))
        .contains("key 'time_unix_nano' in resourceLogs[0].scopeLogs[0].logRecords[0]")
        .contains("'timeUnixNano'");
    assertThat(forwarded).isEmpty();
  }

  @Test
  void stillIgnoresKeysThatNameNoFieldAtAll() {
    String export =
        """
        {"resourceSpans":[{"scopeSpans":[{"spans":[
          {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
           "name":"ok","future_field":1}]}]}]}
        """;

    Reply reply = post("/v1/traces", export);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().toJsonObject()).isEqualTo(new JsonObject());
  }

  private Reply post(String path, String body) {
    return Http.await(Http.post(vertx, port, path, JSON, Buffer.buffer(body)));
  }
}
