package io.poolpilot.sidecar.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * OTLP/JSON whose keys are protobuf field names ({@code trace_id}) is not valid OTLP/JSON, but the
 * body still decodes: the items such a key is in, or above, are refused as an OTLP partial success
 * with their count and the first key named, the rest of the export is kept, and the body is
 * forwarded as it arrived, as for spans with invalid ids. Before, the whole export was refused with
 * 400 and its valid items lost.
 */
@ExtendWith(VertxExtension.class)
class SnakeCaseJsonIngestTest {

  private static final String JSON = "application/json";
  private static final String GOOD_TRACE = "5b8efff798038103d269b633813fc60c";
  private static final String OTHER_TRACE = "0af7651916cd43dd8448eb211c80319c";

  private final LiveModel live = LiveModel.create(Clock.systemUTC());
  private final List<OtlpPayload> forwarded = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private int port;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    this.vertx = vertx;
    IngestListener.deploy(vertx, live, forwarded::add)
        .onComplete(
            ctx.succeeding(
                listening -> {
                  port = listening;
                  ctx.completeNow();
                }));
  }

  @Test
  void refusesOnlyTheSpanWithASnakeCaseIdAndKeepsTheOthers() {
    String export =
        """
        {"resourceSpans":[{"scopeSpans":[{"spans":[
          {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"ok"},
          {"trace_id":"0af7651916cd43dd8448eb211c80319c","span_id":"b7ad6b7169203331","name":"x"},
          {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b175","name":"ok2"}
        ]}]}]}
        """;

    Reply reply = post("/v1/traces", export);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.contentType()).isEqualTo(JSON);
    JsonObject partial = reply.body().toJsonObject().getJsonObject("partialSuccess");
    assertThat(partial.getString("rejectedSpans")).isEqualTo("1");
    assertThat(partial.getString("errorMessage"))
        .isEqualTo(
            "key 'trace_id' in resourceSpans[0].scopeSpans[0].spans[1] is a protobuf field name;"
                + " OTLP/JSON requires the lowerCamelCase 'traceId'");
    assertThat(live.traces().trace(GOOD_TRACE))
        .hasValueSatisfying(
            spans -> assertThat(spans).extracting("name").containsExactlyInAnyOrder("ok", "ok2"));
    assertThat(live.traces().recent(Optional.empty(), 10))
        .as("the refused span is not kept, under its right id or a misread one")
        .hasSize(1);
    assertThat(live.traces().trace(OTHER_TRACE)).isEmpty();
    await().atMost(Duration.ofSeconds(10)).until(() -> forwarded.size() == 1);
    assertThat(forwarded.get(0).body().toString())
        .as("forwarded as it arrived, refused span included")
        .isEqualTo(export);
  }

  @Test
  void refusesEveryPointOfAMetricWithASnakeCaseKeyAndKeepsTheOtherMetrics() {
    String export =
        """
        {"resourceMetrics":[{
          "resource":{"attributes":[{"key":"service.name","value":{"stringValue":"orders"}}]},
          "scopeMetrics":[{"metrics":[
            {"name":"jvm.executor.thread.limit","gauge":{"dataPoints":[
              {"timeUnixNano":"1700000001000000000","asInt":"16","attributes":[
                {"key":"jvm.executor.name","value":{"stringValue":"http"}}]}]}},
            {"name":"jvm.executor.thread.core","gauge":{"data_points":[
              {"timeUnixNano":"1700000001000000000","asInt":"8","attributes":[
                {"key":"jvm.executor.name","value":{"stringValue":"http"}}]},
              {"timeUnixNano":"1700000001000000000","asInt":"4","attributes":[
                {"key":"jvm.executor.name","value":{"stringValue":"jobs"}}]}]}}
          ]}]}]}
        """;

    Reply reply = post("/v1/metrics", export);

    assertThat(reply.status()).isEqualTo(200);
    JsonObject partial = reply.body().toJsonObject().getJsonObject("partialSuccess");
    assertThat(partial.getString("rejectedDataPoints")).isEqualTo("2");
    assertThat(partial.getString("errorMessage"))
        .isEqualTo(
            "key 'data_points' in resourceMetrics[0].scopeMetrics[0].metrics[1].gauge is a"
                + " protobuf field name; OTLP/JSON requires the lowerCamelCase 'dataPoints'");
    assertThat(live.pools().snapshots())
        .singleElement()
        .satisfies(
            pool -> {
              assertThat(pool.key().pool()).isEqualTo("http");
              assertThat(pool.max()).hasValue(16);
              assertThat(pool.core()).as("the refused metric's point").isEmpty();
            });
    await().atMost(Duration.ofSeconds(10)).until(() -> forwarded.size() == 1);
  }

  @Test
  void refusesALogRecordWithASnakeCaseKey() {
    String export =
        """
        {"resourceLogs":[{"scopeLogs":[{"logRecords":[
          {"timeUnixNano":"1700000001000000000","body":{"stringValue":"fine"}},
          {"time_unix_nano":"1700000001000000000","body":{"stringValue":"misnamed"}}]}]}]}
        """;

    Reply reply = post("/v1/logs", export);

    assertThat(reply.status()).isEqualTo(200);
    JsonObject partial = reply.body().toJsonObject().getJsonObject("partialSuccess");
    assertThat(partial.getString("rejectedLogRecords")).isEqualTo("1");
    assertThat(partial.getString("errorMessage"))
        .isEqualTo(
            "key 'time_unix_nano' in resourceLogs[0].scopeLogs[0].logRecords[1] is a protobuf"
                + " field name; OTLP/JSON requires the lowerCamelCase 'timeUnixNano'");
    await().atMost(Duration.ofSeconds(10)).until(() -> forwarded.size() == 1);
    assertThat(forwarded.get(0).body().toString()).isEqualTo(export);
  }

  @Test
  void refusesEverySpanOfAnExportKeyedInSnakeCaseFromTheTopYetAnswers200() {
    String export =
        """
        {"resource_spans":[
          {"scope_spans":[{"spans":[
            {"trace_id":"5b8efff798038103d269b633813fc60c","span_id":"eee19b7ec3c1b174"},
            {"trace_id":"5b8efff798038103d269b633813fc60c","span_id":"eee19b7ec3c1b175"}]}]},
          {"scope_spans":[{"spans":[
            {"trace_id":"0af7651916cd43dd8448eb211c80319c","span_id":"b7ad6b7169203331"}]}]}]}
        """;

    Reply reply = post("/v1/traces", export);

    assertThat(reply.status()).isEqualTo(200);
    JsonObject partial = reply.body().toJsonObject().getJsonObject("partialSuccess");
    assertThat(partial.getString("rejectedSpans")).isEqualTo("3");
    assertThat(partial.getString("errorMessage"))
        .isEqualTo(
            "key 'resource_spans' at the top level is a protobuf field name;"
                + " OTLP/JSON requires the lowerCamelCase 'resourceSpans'");
    assertThat(live.traces().recent(Optional.empty(), 10)).isEmpty();
    await().atMost(Duration.ofSeconds(10)).until(() -> forwarded.size() == 1);
  }

  @Test
  void refusesEveryPointUnderAResourceWhoseAttributesAreMisnamed() {
    String export =
        """
        {"resourceMetrics":[{
          "resource":{"attributes":[{"key":"service.name","value":{"string_value":"orders"}}]},
          "scopeMetrics":[{"metrics":[
            {"name":"jvm.executor.thread.limit","gauge":{"dataPoints":[
              {"timeUnixNano":"1700000001000000000","asInt":"16","attributes":[
                {"key":"jvm.executor.name","value":{"stringValue":"http"}}]}]}}]}]}]}
        """;

    Reply reply = post("/v1/metrics", export);

    assertThat(reply.status()).isEqualTo(200);
    JsonObject partial = reply.body().toJsonObject().getJsonObject("partialSuccess");
    assertThat(partial.getString("rejectedDataPoints")).isEqualTo("1");
    assertThat(partial.getString("errorMessage"))
        .startsWith("key 'string_value' in resourceMetrics[0].resource.attributes[0].value ");
    assertThat(live.pools().snapshots()).isEmpty();
    assertThat(live.pools().instances()).as("not even heard, under a misread name").isEmpty();
  }

  @Test
  void stillIgnoresKeysThatNameNoFieldAtAll() {
    String export =
        """
        {"resourceSpans":[{"scopeSpans":[{"spans":[
          {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
           "name":"ok","future_field":1,"futureField":{"trace_id":2}}]}]}]}
        """;

    Reply reply = post("/v1/traces", export);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().toJsonObject()).isEqualTo(new JsonObject());
    assertThat(live.traces().trace(GOOD_TRACE)).isPresent();
  }

  private Reply post(String path, String body) {
    return Http.await(Http.post(vertx, port, path, JSON, Buffer.buffer(body)));
  }
}
