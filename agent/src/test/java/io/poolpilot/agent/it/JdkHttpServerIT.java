package io.poolpilot.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.poolpilot.agent.it.app.HttpServerApp;
import io.poolpilot.testsupport.JvmLauncher;
import io.poolpilot.testsupport.LaunchedJvm;
import io.poolpilot.testsupport.OtlpReceiver;
import io.poolpilot.testsupport.ReceivedMetrics;
import io.poolpilot.testsupport.ReceivedSpans.Received;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A JDK {@code HttpServer} application under the real agent: server spans with the HTTP semantic
 * conventions, the caller's trace continued, the pool and queue wait of the handler's thread, the
 * trace carried across a hop to a second pool, errors, and the request metrics.
 *
 * <p>The span attribute and HTTP metric names are spelled out here on purpose, not taken from the
 * protocol module's {@code TelemetryNames}: this test pins the wire names other backends read, so a
 * renamed constant fails it. The other framework tests use the constants.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdkHttpServerIT {
  static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String CALLER_SPAN = "00f067aa0ba902b7";
  static final Duration WITHIN = Duration.ofSeconds(60);

  private OtlpReceiver receiver;
  private LaunchedJvm app;
  private String base;

  @BeforeAll
  void start() throws IOException {
    receiver = OtlpReceiver.start();
    app =
        JvmLauncher.underAgent(HttpServerApp.class)
            .agentArgs(
                "endpoint="
                    + receiver.endpoint()
                    + ",export.interval=200ms,service.name=jdk-http,handlers="
                    + HttpServerApp.OrderWork.class.getName()
                    + "#price")
            .start();
    base = "http://127.0.0.1:" + app.awaitStdoutLineStartingWith("listening ", WITHIN).trim();
    receiver.awaitFirstMetricExport(WITHIN);
  }

  @AfterAll
  void stop() {
    try (OtlpReceiver r = receiver;
        LaunchedJvm a = app) {
      a.stopApp();
    }
  }

  @Test
  void serverSpanContinuesTheCallersTraceAndNamesThePoolItWaitedIn() {
    HttpResponse<String> response =
        HttpClients.get(
            base + "/orders/42?expand=lines",
            Map.of("traceparent", HttpClients.traceparent(CALLER_TRACE, CALLER_SPAN)));
    assertThat(response.statusCode()).isEqualTo(200);

    Received server =
        awaitSpan(s -> s.traceId().equals(CALLER_TRACE) && s.kind() == SpanKind.SPAN_KIND_SERVER);
    assertThat(server.name()).isEqualTo("GET /orders");
    assertThat(server.parentSpanId()).isEqualTo(CALLER_SPAN);
    assertThat(server.service()).isEqualTo("jdk-http");
    assertThat(server.string("http.request.method")).isEqualTo("GET");
    assertThat(server.string("http.route")).isEqualTo("/orders");
    assertThat(server.string("url.path")).isEqualTo("/orders/42");
    assertThat(server.string("url.scheme")).isEqualTo("http");
    assertThat(server.integer("http.response.status_code")).isEqualTo(200L);
    assertThat(server.string("server.address")).isEqualTo("127.0.0.1");
    assertThat(server.integer("server.port"))
        .isEqualTo(Long.parseLong(base.substring(base.lastIndexOf(':') + 1)));
    assertThat(server.string("client.address")).isEqualTo("127.0.0.1");
    assertThat(server.string("jvm.executor.name")).isEqualTo("http-worker-*");
    assertThat(server.real("poolpilot.queue.wait"))
        .isNotNull()
        .isBetween(0.0, server.durationSeconds() + 60);
    assertThat(server.isError()).isFalse();
  }

  @Test
  void workHandedToAnotherPoolRunsInTheRequestsTrace() {
    HttpClients.get(base + "/orders/7");
    Received server =
        awaitSpan(
            s -> "/orders/7".equals(s.string("url.path")) && s.kind() == SpanKind.SPAN_KIND_SERVER);
    Received work =
        await()
            .atMost(WITHIN)
            .until(() -> receiver.spans().childrenOf(server), children -> !children.isEmpty())
            .get(0);
    assertThat(work.name()).isEqualTo("OrderWork.price");
    assertThat(work.kind()).isEqualTo(SpanKind.SPAN_KIND_INTERNAL);
    assertThat(work.string("code.function.name"))
        .isEqualTo(HttpServerApp.OrderWork.class.getName() + ".price");
  }

  @Test
  void aRequestWithoutTraceContextStartsANewTrace() {
    HttpClients.get(base + "/orders/root");
    Received server =
        awaitSpan(
            s ->
                "/orders/root".equals(s.string("url.path"))
                    && s.kind() == SpanKind.SPAN_KIND_SERVER);
    assertThat(server.parentSpanId()).isEmpty();
    assertThat(server.traceId()).isNotEqualTo(CALLER_TRACE).hasSize(32);
  }

  @Test
  void a5xxAnswerAndAThrowingHandlerAreErrors() {
    assertThat(HttpClients.get(base + "/unavailable").statusCode()).isEqualTo(503);
    Received unavailable = awaitSpan(s -> "/unavailable".equals(s.string("url.path")));
    assertThat(unavailable.isError()).isTrue();
    assertThat(unavailable.integer("http.response.status_code")).isEqualTo(503L);
    assertThat(unavailable.string("error.type")).isEqualTo("503");

    try {
      HttpClients.get(base + "/fail");
    } catch (RuntimeException expected) {
      // The JDK server closes the connection when a handler throws.
    }
    Received failed = awaitSpan(s -> "/fail".equals(s.string("url.path")));
    assertThat(failed.isError()).isTrue();
    assertThat(failed.string("error.type")).isEqualTo(IllegalStateException.class.getName());
    assertThat(failed.eventNames()).contains("exception");
    assertThat(failed.name()).isEqualTo("GET /fail");
  }

  @Test
  void requestDurationsAreRecordedWithTheAdvisedBucketsAndSemconvAttributes() {
    HttpClients.get(base + "/orders/metrics");
    Metric duration =
        await()
            .atMost(WITHIN)
            .until(
                () -> receiver.metrics().latest("http.server.request.duration"),
                m -> m.isPresent() && routes(m.get()).contains("/orders"))
            .orElseThrow();
    assertThat(duration.getUnit()).isEqualTo("s");
    HistogramDataPoint point =
        duration.getHistogram().getDataPointsList().stream()
            .filter(
                p -> "/orders".equals(ReceivedMetrics.text(p.getAttributesList(), "http.route")))
            .findFirst()
            .orElseThrow();
    assertThat(point.getExplicitBoundsList())
        .containsExactly(
            0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);
    assertThat(ReceivedMetrics.text(point.getAttributesList(), "http.request.method"))
        .isEqualTo("GET");
    assertThat(ReceivedMetrics.text(point.getAttributesList(), "url.scheme")).isEqualTo("http");
    assertThat(point.getCount()).isPositive();
    assertThat(receiver.metrics().latest("http.server.active_requests")).isPresent();
  }

  private static List<String> routes(Metric metric) {
    return metric.getHistogram().getDataPointsList().stream()
        .map(p -> ReceivedMetrics.text(p.getAttributesList(), "http.route"))
        .toList();
  }

  private Received awaitSpan(java.util.function.Predicate<Received> test) {
    return receiver.awaitSpan(test, WITHIN);
  }
}
