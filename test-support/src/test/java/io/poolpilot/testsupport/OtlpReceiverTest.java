package io.poolpilot.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class OtlpReceiverTest {
  private static final String PROTOBUF = "application/x-protobuf";
  private static final Duration WITHIN = Duration.ofSeconds(10);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void answersTheScriptedStatusesWithRetryAfterAndThenOk() throws Exception {
    byte[] export = gauge("queue.size", 3).toByteArray();
    try (OtlpReceiver receiver = OtlpReceiver.start().answerNextExportsWith(503, 429)) {
      HttpResponse<String> first = post(receiver, "/v1/metrics", PROTOBUF, export);
      HttpResponse<String> second = post(receiver, "/v1/metrics", PROTOBUF, export);
      HttpResponse<String> third = post(receiver, "/v1/metrics", PROTOBUF, export);

      assertThat(first.statusCode()).isEqualTo(503);
      assertThat(first.headers().firstValue("Retry-After")).hasValue("0");
      assertThat(second.statusCode()).isEqualTo(429);
      assertThat(second.headers().firstValue("Retry-After")).hasValue("0");
      assertThat(third.statusCode()).isEqualTo(200);
      assertThat(third.headers().firstValue("Retry-After")).isEmpty();
      assertThat(receiver.requests())
          .hasSize(3)
          .allSatisfy(request -> assertThat(request.body()).isEqualTo(export));
      assertThat(receiver.metrics().requestCount()).as("only the export answered 200").isOne();
    }
  }

  @Test
  void keepsBodiesAndHeadersAsSentAndDecodesGzippedProtobuf() throws Exception {
    byte[] gzipped = gzip(gauge("queue.size", 7).toByteArray());
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(receiver.endpoint() + "/v1/metrics"))
                  .header("Content-Type", PROTOBUF)
                  .header("Content-Encoding", "gzip")
                  .header("X-Scope-OrgID", "team-a")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(gzipped))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      ReceivedRequest received = receiver.requests().get(0);
      assertThat(received.method()).isEqualTo("POST");
      assertThat(received.path()).isEqualTo("/v1/metrics");
      assertThat(received.body()).isEqualTo(gzipped);
      assertThat(received.header("content-encoding")).isEqualTo("gzip");
      assertThat(received.header("x-scope-orgid")).isEqualTo("team-a");
      assertThat(received.header("Authorization")).isNull();
      assertThat(receiver.metrics().latest("queue.size"))
          .hasValueSatisfying(
              metric ->
                  assertThat(metric.getGauge().getDataPoints(0).getAsDouble()).isEqualTo(7.0));
    }
  }

  @Test
  void holdsEveryRequestUnansweredUntilReleased() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start().hold()) {
      CompletableFuture<HttpResponse<String>> held =
          postAsync(receiver, "/v1/traces", "application/json", "{}".getBytes());
      await().atMost(WITHIN).until(() -> receiver.heldRequestCount() == 1);

      assertThat(receiver.requests(OtlpReceiver.TRACES_PATH)).hasSize(1);
      assertThat(held).as("held, not answered").isNotDone();

      receiver.release();

      assertThat(held.get(WITHIN.toSeconds(), TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(post(receiver, "/v1/traces", "application/json", "{}".getBytes()).statusCode())
          .isEqualTo(200);
      assertThat(receiver.heldRequestCount()).isOne();
    }
  }

  @Test
  void closingDropsTheRequestsItHolds() throws Exception {
    OtlpReceiver receiver = OtlpReceiver.start().hold();
    CompletableFuture<HttpResponse<String>> held =
        postAsync(receiver, "/v1/metrics", PROTOBUF, gauge("m", 1).toByteArray());
    await().atMost(WITHIN).until(() -> receiver.heldRequestCount() == 1);

    receiver.close();

    await().atMost(WITHIN).until(held::isDone);
    assertThat(held).isCompletedExceptionally();
    assertThat(receiver.metrics().requestCount()).isZero();
  }

  @Test
  void answersTheControlPathOnlyOnceGivenAnAnswer() throws Exception {
    String desired = "{\"protocol\":1,\"version\":3,\"desired\":[]}";
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      HttpResponse<String> before =
          post(receiver, OtlpReceiver.CONTROL_PATH, "application/json", "{}".getBytes());
      receiver.answerControlWith(desired);
      HttpResponse<String> after =
          post(receiver, OtlpReceiver.CONTROL_PATH, "application/json", "{}".getBytes());
      HttpResponse<String> elsewhere =
          post(receiver, "/v1/elsewhere", "application/json", "{}".getBytes());

      assertThat(before.statusCode()).isEqualTo(404);
      assertThat(after.statusCode()).isEqualTo(200);
      assertThat(after.body()).isEqualTo(desired);
      assertThat(after.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(elsewhere.statusCode()).isEqualTo(404);
      assertThat(receiver.requests()).hasSize(3);
      assertThat(receiver.toString()).contains("POST /v1/poolpilot/control");
    }
  }

  @Test
  void refusesWhatIsNotAnOtlpExportAndKeepsJsonUndecoded() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      HttpResponse<String> get =
          http.send(
              HttpRequest.newBuilder(URI.create(receiver.endpoint() + "/v1/metrics")).build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> text = post(receiver, "/v1/metrics", "text/plain", "x".getBytes());
      HttpResponse<String> garbage =
          post(receiver, "/v1/metrics", PROTOBUF, new byte[] {0x0a, (byte) 0xff});
      HttpResponse<String> json =
          post(receiver, "/v1/traces", "application/json; charset=utf-8", "one".getBytes());

      assertThat(get.statusCode()).isEqualTo(405);
      assertThat(get.headers().firstValue("Allow")).hasValue("POST");
      assertThat(text.statusCode()).isEqualTo(415);
      assertThat(garbage.statusCode()).isEqualTo(400);
      assertThat(json.statusCode()).isEqualTo(200);
      assertThat(json.body()).isEqualTo("{}");
      assertThat(receiver.requests(OtlpReceiver.TRACES_PATH).get(0).body())
          .isEqualTo("one".getBytes(StandardCharsets.UTF_8));
      assertThat(receiver.metrics().requestCount()).isZero();
      assertThat(receiver.spans().all()).isEmpty();
    }
  }

  @Test
  void decodesSpansWithTheServiceThatSentThem() throws Exception {
    Span server =
        Span.newBuilder()
            .setName("GET /orders")
            .setKind(Span.SpanKind.SPAN_KIND_SERVER)
            .setTraceId(com.google.protobuf.ByteString.copyFrom(new byte[16]))
            .setSpanId(com.google.protobuf.ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))
            .build();
    ExportTraceServiceRequest export =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .setResource(resource("orders"))
                    .addScopeSpans(ScopeSpans.newBuilder().addSpans(server)))
            .build();
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      assertThat(post(receiver, "/v1/traces", PROTOBUF, export.toByteArray()).statusCode())
          .isEqualTo(200);

      ReceivedSpans.Received found = receiver.awaitServerSpan(s -> true, WITHIN);

      assertThat(found.service()).isEqualTo("orders");
      assertThat(found.name()).isEqualTo("GET /orders");
      assertThat(found.spanId()).isEqualTo("0102030405060708");
    }
  }

  @Test
  void aCountingReceiverCountsExportsUnderAnyPrefixAndKeepsNothing() throws Exception {
    try (OtlpReceiver sink = OtlpReceiver.startCountingOnly()) {
      sink.serve("/stats", "text/plain", () -> sink.exportCounts().toString());
      post(sink, "/poolpilot/v1/metrics", PROTOBUF, new byte[] {1, 2, 3});
      post(sink, "/poolpilot/v1/metrics", PROTOBUF, new byte[] {4});
      post(sink, "/otel/v1/traces", PROTOBUF, new byte[] {5, 6});
      HttpResponse<String> control =
          post(sink, "/poolpilot" + OtlpReceiver.CONTROL_PATH, "application/json", new byte[0]);
      HttpResponse<String> stats =
          http.send(
              HttpRequest.newBuilder(URI.create(sink.endpoint() + "/stats")).build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(sink.exportCounts())
          .containsExactly(
              Map.entry("/otel/v1/traces", new OtlpReceiver.ExportCount(1, 2)),
              Map.entry("/poolpilot/v1/metrics", new OtlpReceiver.ExportCount(2, 4)));
      assertThat(control.statusCode()).isEqualTo(404);
      assertThat(stats.body()).isEqualTo(sink.exportCounts().toString());
      assertThatThrownBy(sink::requests)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("counts requests only");
    }
  }

  private HttpResponse<String> post(OtlpReceiver receiver, String path, String type, byte[] body)
      throws IOException, InterruptedException {
    return http.send(request(receiver, path, type, body), HttpResponse.BodyHandlers.ofString());
  }

  private CompletableFuture<HttpResponse<String>> postAsync(
      OtlpReceiver receiver, String path, String type, byte[] body) {
    return http.sendAsync(
        request(receiver, path, type, body), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest request(OtlpReceiver receiver, String path, String type, byte[] body) {
    return HttpRequest.newBuilder(URI.create(receiver.endpoint() + path))
        .header("Content-Type", type)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  private static ExportMetricsServiceRequest gauge(String name, double value) {
    Metric metric =
        Metric.newBuilder()
            .setName(name)
            .setGauge(
                Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder().setAsDouble(value)))
            .build();
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .setResource(resource("orders"))
                .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(metric)))
        .build();
  }

  private static Resource resource(String service) {
    return Resource.newBuilder()
        .addAttributes(
            KeyValue.newBuilder()
                .setKey("service.name")
                .setValue(AnyValue.newBuilder().setStringValue(service)))
        .build();
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    }
    return out.toByteArray();
  }
}
