package io.poolpilot.agent.it;

import static io.poolpilot.protocol.TelemetryNames.CLIENT_ADDRESS;
import static io.poolpilot.protocol.TelemetryNames.ERROR_TYPE;
import static io.poolpilot.protocol.TelemetryNames.EXECUTOR_NAME;
import static io.poolpilot.protocol.TelemetryNames.HTTP_REQUEST_METHOD;
import static io.poolpilot.protocol.TelemetryNames.HTTP_RESPONSE_STATUS_CODE;
import static io.poolpilot.protocol.TelemetryNames.HTTP_ROUTE;
import static io.poolpilot.protocol.TelemetryNames.HTTP_SERVER_REQUEST_DURATION;
import static io.poolpilot.protocol.TelemetryNames.QUEUE_WAIT;
import static io.poolpilot.protocol.TelemetryNames.SERVER_ADDRESS;
import static io.poolpilot.protocol.TelemetryNames.SERVER_PORT;
import static io.poolpilot.protocol.TelemetryNames.URL_PATH;
import static io.poolpilot.protocol.TelemetryNames.URL_SCHEME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.poolpilot.agent.it.app.vertx.VertxWebApp;
import io.poolpilot.testsupport.JvmLauncher;
import io.poolpilot.testsupport.LaunchedJvm;
import io.poolpilot.testsupport.OtlpReceiver;
import io.poolpilot.testsupport.ReceivedMetrics;
import io.poolpilot.testsupport.ReceivedSpans.Received;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A Vert.x 5 application under the real agent: server spans named by the Vert.x Web route template
 * whatever kind of handler serves it, ended when the response ends (from a timer, a worker, a JDK
 * thread), current while the request's callbacks run, failures as errors, sub-router templates,
 * keep-alive pipelining, and a plain vertx-core server. The JDK's {@code HttpClient} upgrades its
 * connections to HTTP/2 (h2c), which Vert.x accepts, so its requests test HTTP/2; raw sockets test
 * HTTP/1.1.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VertxServerIT {
  static final String CALLER_TRACE = "0af7651916cd43dd8448eb211c80319c";
  static final String CALLER_SPAN = "b7ad6b7169203331";
  static final Duration WITHIN = Duration.ofSeconds(60);
  static final double DELAY_SECONDS = VertxWebApp.DELAY_MS / 1000.0;

  private OtlpReceiver receiver;
  private LaunchedJvm app;
  private String web;
  private int webPort;
  private String core;

  @BeforeAll
  void start() throws IOException {
    receiver = OtlpReceiver.start();
    app =
        JvmLauncher.underAgent(VertxWebApp.class)
            .classPathJars("vertx-", "netty-", "jackson-core")
            .agentArgs(
                "endpoint="
                    + receiver.endpoint()
                    + ",export.interval=200ms,service.name=vertx-web,handlers="
                    + VertxWebApp.OwnerLookup.class.getName()
                    + "#find")
            .start();
    String[] ports = app.awaitStdoutLineStartingWith("listening ", WITHIN).trim().split(" ");
    webPort = Integer.parseInt(ports[0]);
    web = "http://127.0.0.1:" + webPort;
    core = "http://127.0.0.1:" + ports[1];
    receiver.awaitFirstMetricExport(WITHIN);
  }

  @AfterAll
  void stop() {
    try (OtlpReceiver r = receiver;
        LaunchedJvm a = app) {
      a.stopApp();
      assertThat(a.agentLines()).as(a::report).noneMatch(line -> line.contains("tracing is off"));
    }
  }

  @Test
  void aMethodReferenceRouteIsNamedByItsTemplateAndContinuesTheCallersTrace() {
    var response =
        HttpClients.get(
            web + "/owners/42",
            Map.of("traceparent", HttpClients.traceparent(CALLER_TRACE, CALLER_SPAN)));
    assertThat(response.body()).isEqualTo("owner 42");

    Received server = awaitServerSpan(s -> s.traceId().equals(CALLER_TRACE));
    assertThat(server.name()).isEqualTo("GET /owners/:id");
    assertThat(server.parentSpanId()).isEqualTo(CALLER_SPAN);
    assertThat(server.service()).isEqualTo("vertx-web");
    assertThat(server.string(HTTP_ROUTE)).isEqualTo("/owners/:id");
    assertThat(server.string(URL_PATH)).isEqualTo("/owners/42");
    assertThat(server.string(URL_SCHEME)).isEqualTo("http");
    assertThat(server.string(HTTP_REQUEST_METHOD)).isEqualTo("GET");
    assertThat(server.integer(HTTP_RESPONSE_STATUS_CODE)).isEqualTo(200L);
    assertThat(server.string(SERVER_ADDRESS)).isEqualTo("127.0.0.1");
    assertThat(server.integer(SERVER_PORT)).isEqualTo((long) webPort);
    assertThat(server.string(CLIENT_ADDRESS)).isEqualTo("127.0.0.1");
    assertThat(server.isError()).isFalse();
  }

  @Test
  void aLambdaRouteIsNamedByItsTemplate() {
    assertThat(HttpClients.get(web + "/health").body()).isEqualTo("ok");
    Received server = awaitServerSpan(s -> "/health".equals(s.string(URL_PATH)));
    assertThat(server.name()).isEqualTo("GET /health");
    assertThat(server.string(HTTP_ROUTE)).isEqualTo("/health");
    assertThat(server.integer(HTTP_RESPONSE_STATUS_CODE)).isEqualTo(200L);
  }

  @Test
  void aSubRoutersRouteIncludesItsMountPoint() {
    assertThat(HttpClients.get(web + "/api/pets/7").body()).isEqualTo("pet 7");
    Received server = awaitServerSpan(s -> "/api/pets/7".equals(s.string(URL_PATH)));
    assertThat(server.name()).isEqualTo("GET /api/pets/:petId");
    assertThat(server.string(HTTP_ROUTE)).isEqualTo("/api/pets/:petId");
  }

  @Test
  void aSubRouterMountedOnAParameterisedPathKeepsTheParameterInItsRoute() {
    assertThat(HttpClients.get(web + "/owners/9/visits/3").body()).isEqualTo("visit 3 of 9");
    Received server = awaitServerSpan(s -> "/owners/9/visits/3".equals(s.string(URL_PATH)));
    assertThat(server.name()).isEqualTo("GET /owners/:id/visits/:visit");
  }

  @Test
  void aThrowingHandlerIsAnErrorWithTheException() {
    assertThat(HttpClients.get(web + "/boom").statusCode()).isEqualTo(500);
    Received server = awaitServerSpan(s -> "/boom".equals(s.string(URL_PATH)));
    assertThat(server.name()).isEqualTo("GET /boom");
    assertThat(server.integer(HTTP_RESPONSE_STATUS_CODE)).isEqualTo(500L);
    assertThat(server.isError()).isTrue();
    assertThat(server.string(ERROR_TYPE)).isEqualTo(IllegalStateException.class.getName());
    assertThat(server.eventNames()).contains("exception");
  }

  @Test
  void aFailedRoutingContextIsAnErrorWithItsStatus() {
    assertThat(HttpClients.get(web + "/refused").statusCode()).isEqualTo(503);
    Received server = awaitServerSpan(s -> "/refused".equals(s.string(URL_PATH)));
    assertThat(server.name()).isEqualTo("GET /refused");
    assertThat(server.isError()).isTrue();
    assertThat(server.string(ERROR_TYPE)).isEqualTo("503");
    assertThat(server.eventNames()).doesNotContain("exception");
  }

  @Test
  void anUnmatchedPathHasNoRoute() {
    assertThat(HttpClients.get(web + "/nowhere/9").statusCode()).isEqualTo(404);
    Received server = awaitServerSpan(s -> "/nowhere/9".equals(s.string(URL_PATH)));
    assertThat(server.name()).isEqualTo("GET");
    assertThat(server.string(HTTP_ROUTE)).isNull();
    assertThat(server.isError()).isFalse();
  }

  @Test
  void aResponseEndedFromATimerEndsTheSpanAndTheTimerRunsInTheRequestsTrace() {
    assertThat(HttpClients.get(web + "/slow/timer").body()).startsWith("found slow timer");
    Received server = awaitServerSpan(s -> "/slow/timer".equals(s.string(URL_PATH)));
    assertThat(server.name()).isEqualTo("GET /slow/:tag");
    assertThat(server.durationSeconds()).isGreaterThanOrEqualTo(DELAY_SECONDS);
    Received lookup = awaitChild(server);
    assertThat(lookup.name()).isEqualTo("OwnerLookup.find");
    assertThat(lookup.kind()).isEqualTo(SpanKind.SPAN_KIND_INTERNAL);
  }

  @Test
  void blockingCodeOnAWorkerThreadRunsInTheRequestsTrace() {
    assertThat(HttpClients.get(web + "/blocking").body())
        .startsWith("found blocking on vert.x-worker-thread-");
    Received server = awaitServerSpan(s -> "/blocking".equals(s.string(URL_PATH)));
    assertThat(server.name()).isEqualTo("GET /blocking");
    assertThat(awaitChild(server).name()).isEqualTo("OwnerLookup.find");
    // The request waited in Vert.x's worker pool: the span names it, as a servlet's names its
    // container's pool, so the sidecar knows that pool serves requests.
    assertThat(server.string(EXECUTOR_NAME)).startsWith("vert.x-worker-thread");
    assertThat(server.real(QUEUE_WAIT)).isNotNull();
  }

  @Test
  void vertxsWorkerPoolIsAMeasuredThreadPool() {
    HttpClients.get(web + "/blocking");
    // Vert.x 5 builds its worker pool with Executors.newFixedThreadPool: a ThreadPoolExecutor.
    await()
        .atMost(WITHIN)
        .until(
            () -> receiver.metrics().poolNames(),
            names -> names.stream().anyMatch(n -> n.startsWith("vert.x-worker-thread")));
  }

  @Test
  void anHttp2ResponseEndedFromAnotherThreadEndsTheSpanThen() {
    assertThat(HttpClients.get(web + "/offthread").body()).isEqualTo("off");
    Received server = awaitServerSpan(s -> "/offthread".equals(s.string(URL_PATH)));
    assertThat(server.name()).isEqualTo("GET /offthread");
    assertThat(server.integer(HTTP_RESPONSE_STATUS_CODE)).isEqualTo(200L);
    assertThat(server.durationSeconds()).isGreaterThanOrEqualTo(DELAY_SECONDS);
  }

  @Test
  void pipelinedRequestsEachGetTheirOwnSpanInOrder() throws IOException {
    String first = "1111111111111111";
    String second = "2222222222222222";
    http11(
        List.of(
            request("/slow/pipelined", HttpClients.traceparent(CALLER_TRACE, first)),
            request("/owners/pipelined", HttpClients.traceparent(CALLER_TRACE, second))),
        List.of("found slow pipelined", "owner pipelined"));

    Received slow = awaitServerSpan(s -> "/slow/pipelined".equals(s.string(URL_PATH)));
    Received owner = awaitServerSpan(s -> "/owners/pipelined".equals(s.string(URL_PATH)));
    assertThat(slow.parentSpanId()).isEqualTo(first);
    assertThat(owner.parentSpanId()).isEqualTo(second);
    assertThat(slow.name()).isEqualTo("GET /slow/:tag");
    assertThat(owner.name()).isEqualTo("GET /owners/:id");
    assertThat(slow.durationSeconds()).isGreaterThanOrEqualTo(DELAY_SECONDS);
    // HTTP/1.1 answers in order: the second request begins once the first response is complete.
    assertThat(owner.span().getStartTimeUnixNano())
        .isGreaterThanOrEqualTo(slow.span().getEndTimeUnixNano());
  }

  @Test
  void anHttp11ResponseEndedFromAnotherThreadEndsTheSpanThen() throws IOException {
    String caller = "3333333333333333";
    http11(
        List.of(request("/offthread", HttpClients.traceparent(CALLER_TRACE, caller))),
        List.of("off"));
    Received server = awaitServerSpan(s -> caller.equals(s.parentSpanId()));
    assertThat(server.name()).isEqualTo("GET /offthread");
    assertThat(server.integer(HTTP_RESPONSE_STATUS_CODE)).isEqualTo(200L);
    assertThat(server.durationSeconds()).isGreaterThanOrEqualTo(DELAY_SECONDS);
  }

  @Test
  void aConnectionClosedBeforeTheResponseEndsTheSpanAsAnError() throws IOException {
    String caller = "4444444444444444";
    try (Socket socket = new Socket("127.0.0.1", webPort)) {
      socket
          .getOutputStream()
          .write(
              request("/hang", HttpClients.traceparent(CALLER_TRACE, caller))
                  .getBytes(StandardCharsets.US_ASCII));
      app.awaitStdoutLine("hanging /hang", WITHIN);
    }
    Received server = awaitServerSpan(s -> caller.equals(s.parentSpanId()));
    assertThat(server.name()).isEqualTo("GET /hang");
    assertThat(server.integer(HTTP_RESPONSE_STATUS_CODE)).isNull();
    assertThat(server.isError()).isTrue();
    assertThat(server.eventNames()).contains("exception");
  }

  @Test
  void requestDurationsAreRecordedPerRouteTemplate() {
    HttpClients.get(web + "/owners/metrics");
    await()
        .atMost(WITHIN)
        .until(
            () -> receiver.metrics().latest(HTTP_SERVER_REQUEST_DURATION.name()),
            m ->
                m.isPresent()
                    && m.get().getHistogram().getDataPointsList().stream()
                        .anyMatch(
                            p ->
                                "/owners/:id"
                                    .equals(
                                        ReceivedMetrics.text(p.getAttributesList(), HTTP_ROUTE))));
  }

  @Test
  void aPlainVertxCoreServerGetsServerSpansWithoutARoute() {
    assertThat(HttpClients.get(core + "/plain/5").body()).isEqualTo("core /plain/5");
    Received server = awaitServerSpan(s -> "/plain/5".equals(s.string(URL_PATH)));
    assertThat(server.name()).isEqualTo("GET");
    assertThat(server.string(HTTP_ROUTE)).isNull();
    assertThat(server.integer(HTTP_RESPONSE_STATUS_CODE)).isEqualTo(200L);
  }

  private String request(String path, String traceparent) {
    return "GET "
        + path
        + " HTTP/1.1\r\nHost: 127.0.0.1:"
        + webPort
        + "\r\ntraceparent: "
        + traceparent
        + "\r\n\r\n";
  }

  /**
   * Sends {@code requests} over one HTTP/1.1 connection in a single write (pipelined, when more
   * than one) and reads until every one of {@code bodies} arrived.
   */
  private void http11(List<String> requests, List<String> bodies) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", webPort)) {
      socket.setSoTimeout((int) WITHIN.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(String.join("", requests).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      while (!containsAll(received.toString(StandardCharsets.US_ASCII), bodies)) {
        int n = in.read(buffer);
        if (n < 0) {
          break;
        }
        received.write(buffer, 0, n);
      }
      String text = received.toString(StandardCharsets.US_ASCII);
      assertThat(text).startsWith("HTTP/1.1 200");
      assertThat(containsAll(text, bodies)).as(text).isTrue();
    }
  }

  private static boolean containsAll(String text, List<String> parts) {
    return parts.stream().allMatch(text::contains);
  }

  private Received awaitServerSpan(Predicate<Received> test) {
    try {
      return receiver.awaitServerSpan(test, WITHIN);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "no such server span in " + receiver.spans() + "\n" + app.report(), e);
    }
  }

  private Received awaitChild(Received parent) {
    return await()
        .atMost(WITHIN)
        .until(() -> receiver.spans().childrenOf(parent), children -> !children.isEmpty())
        .get(0);
  }
}
