package io.poolpilot.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BlockingHttpSenderTest {
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<ExportTraceServiceRequest> received = new CopyOnWriteArrayList<>();
  private final List<String> contentTypes = new CopyOnWriteArrayList<>();
  private HttpServer server;
  private OtlpHttpSpanExporter exporter;

  @AfterEach
  void stop() {
    release.countDown();
    if (exporter != null) {
      exporter.shutdown();
    }
    server.stop(0);
  }

  private String serve(boolean stall) throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/v1/traces",
        exchange -> {
          contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
          received.add(ExportTraceServiceRequest.parseFrom(exchange.getRequestBody()));
          if (stall) {
            try {
              release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
  }

  private OtlpHttpSpanExporter exporter(String endpoint, Duration timeout) {
    exporter =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(endpoint)
            .setTimeout(timeout)
            .setRetryPolicy(null)
            .setComponentLoader(BlockingHttpSender.componentLoader())
            .build();
    return exporter;
  }

  private static SpanData span(String name) {
    long now = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
    return TestSpanData.builder()
        .setName(name)
        .setKind(SpanKind.SERVER)
        .setStartEpochNanos(now)
        .setEndEpochNanos(now + 1000)
        .setHasEnded(true)
        .setStatus(StatusData.unset())
        .build();
  }

  @Test
  void exportsOtlpProtobufThroughTheAgentsOwnSender() throws Exception {
    OtlpHttpSpanExporter spans = exporter(serve(false), Duration.ofSeconds(30));

    for (int i = 0; i < 3; i++) {
      CompletableResultCode result = spans.export(List.of(span("GET /a" + i), span("GET /b" + i)));
      assertThat(result.isDone()).as("sent on the calling thread").isTrue();
      assertThat(result.isSuccess()).isTrue();
    }

    assertThat(received).hasSize(3);
    assertThat(contentTypes).containsOnly("application/x-protobuf");
    assertThat(received.get(2).getResourceSpans(0).getScopeSpans(0).getSpansList())
        .extracting(s -> s.getName())
        .containsExactly("GET /a2", "GET /b2");
  }

  @Test
  void anEndpointThatNeverAnswersHoldsTheCallingThreadOnlyUntilTheTimeOut() throws Exception {
    OtlpHttpSpanExporter spans = exporter(serve(true), Duration.ofMillis(500));

    CompletableResultCode result = spans.export(List.of(span("stalled")));

    assertThat(result.isDone()).as("given up on the calling thread").isTrue();
    assertThat(result.isSuccess()).isFalse();
  }
}
