package io.poolpilot.sidecar.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.poolpilot.sidecar.forward.OtlpPayload;
import io.poolpilot.sidecar.model.LiveModel;
import io.poolpilot.sidecar.model.TraceSummary;
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
 * Spans whose trace or span id is malformed or all zero are refused one by one, as an OTLP partial
 * success with their count and what was wrong with the first; the rest of the export is kept, and
 * the body is still forwarded as it arrived.
 */
@ExtendWith(VertxExtension.class)
class InvalidSpanIdsIngestTest {

  private static final String PROTOBUF = "application/x-protobuf";
  private static final String JSON = "application/json";
  private static final String GOOD_TRACE = "5b8efff798038103d269b633813fc60c";
  private static final String GOOD_SPAN = "eee19b7ec3c1b174";

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
  void refusesSpansWithAllZeroOrShortIdsAndKeepsTheRest() throws InvalidProtocolBufferException {
    byte[] export =
        export(
                span("good", GOOD_TRACE, GOOD_SPAN),
                span("zero trace", "00000000000000000000000000000000", GOOD_SPAN),
                span("short trace", "5b8efff798038103", GOOD_SPAN),
                span("zero span", GOOD_TRACE, "0000000000000000"),
                span("short span", GOOD_TRACE, "eee19b7e"),
                span("no span id", GOOD_TRACE, ""))
            .toByteArray();

    Reply reply = Http.await(Http.post(vertx, port, "/v1/traces", PROTOBUF, Buffer.buffer(export)));

    assertThat(reply.status()).isEqualTo(200);
    ExportTracePartialSuccess partial =
        ExportTraceServiceResponse.parseFrom(reply.body().getBytes()).getPartialSuccess();
    assertThat(partial.getRejectedSpans()).isEqualTo(5);
    assertThat(partial.getErrorMessage())
        .isEqualTo(
            "invalid trace id '00000000000000000000000000000000' (16 bytes) in span 'zero trace':"
                + " expected 16 bytes, not all zero");
    assertThat(live.traces().trace(GOOD_TRACE))
        .hasValueSatisfying(spans -> assertThat(spans).extracting("name").containsExactly("good"));
    assertThat(live.traces().recent(Optional.empty(), 10))
        .extracting(TraceSummary::traceId)
        .containsExactly(GOOD_TRACE);
    await().atMost(Duration.ofSeconds(10)).until(() -> forwarded.size() == 1);
    assertThat(forwarded.get(0).body().getBytes())
        .as("the export is forwarded as it arrived, refused spans included")
        .isEqualTo(export);
  }

  @Test
  void namesAShortSpanIdInAJsonExportAndAnswersInJson() {
    String export =
        """
        {"resourceSpans":[{"scopeSpans":[{"spans":[
          {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee1","name":"short"},
          {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"ok"}
        ]}]}]}
        """;

    Reply reply = Http.await(Http.post(vertx, port, "/v1/traces", JSON, Buffer.buffer(export)));

    assertThat(reply.status()).isEqualTo(200);
    JsonObject partial = reply.body().toJsonObject().getJsonObject("partialSuccess");
    assertThat(partial.getString("rejectedSpans")).isEqualTo("1");
    assertThat(partial.getString("errorMessage"))
        .isEqualTo(
            "invalid span id 'eee1' (2 bytes) in span 'short': expected 8 bytes, not all zero");
    assertThat(live.traces().trace(GOOD_TRACE)).isPresent();
  }

  @Test
  void answersAFullyValidExportWithAnEmptyResponse() throws InvalidProtocolBufferException {
    byte[] export = export(span("good", GOOD_TRACE, GOOD_SPAN)).toByteArray();

    Reply reply = Http.await(Http.post(vertx, port, "/v1/traces", PROTOBUF, Buffer.buffer(export)));

    assertThat(ExportTraceServiceResponse.parseFrom(reply.body().getBytes()))
        .isEqualTo(ExportTraceServiceResponse.getDefaultInstance());
  }

  private static Span span(String name, String traceHex, String spanHex) {
    return Span.newBuilder()
        .setTraceId(ByteString.fromHex(traceHex))
        .setSpanId(ByteString.fromHex(spanHex))
        .setName(name)
        .setKind(Span.SpanKind.SPAN_KIND_SERVER)
        .setStartTimeUnixNano(1_700_000_000_000_000_000L)
        .setEndTimeUnixNano(1_700_000_000_025_000_000L)
        .build();
  }

  private static ExportTraceServiceRequest export(Span... spans) {
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(List.of(spans))))
        .build();
  }
}
