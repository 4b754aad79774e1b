package io.poolpilot.agent.it;

import static io.poolpilot.protocol.TelemetryNames.CLIENT_ADDRESS;
import static io.poolpilot.protocol.TelemetryNames.HTTP_RESPONSE_STATUS_CODE;
import static io.poolpilot.protocol.TelemetryNames.HTTP_ROUTE;
import static io.poolpilot.protocol.TelemetryNames.SERVER_ADDRESS;
import static io.poolpilot.protocol.TelemetryNames.SERVER_PORT;
import static io.poolpilot.protocol.TelemetryNames.URL_PATH;
import static io.poolpilot.protocol.TelemetryNames.URL_SCHEME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.poolpilot.agent.it.app.servlet.JettyServletApp;
import io.poolpilot.testsupport.JvmLauncher;
import io.poolpilot.testsupport.LaunchedJvm;
import io.poolpilot.testsupport.OtlpReceiver;
import io.poolpilot.testsupport.ReceivedSpans.Received;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A plain servlet application on Jetty 12 (ee10) under the real agent: the servlet mapping is the
 * route, a request a filter turns away still has its span, an asynchronous servlet's span ends when
 * the answer is written from another thread, and an asynchronous dispatch back into the container
 * runs inside the request's span.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JettyServletIT {
  static final String CALLER_TRACE = "5c1e6b7e3a9d4f0aa1b2c3d4e5f60718";
  static final String CALLER_SPAN = "a1b2c3d4e5f60718";
  static final Duration WITHIN = Duration.ofSeconds(60);

  private OtlpReceiver receiver;
  private LaunchedJvm app;
  private String base;
  private long port;

  @BeforeAll
  void start() throws IOException {
    receiver = OtlpReceiver.start();
    app =
        JvmLauncher.underAgent(JettyServletApp.class)
            .agentArgs(
                "endpoint="
                    + receiver.endpoint()
                    + ",export.interval=200ms,service.name=items,handlers="
                    + JettyServletApp.Report.class.getName()
                    + "#render")
            .classPathJars("jetty-", "jakarta.servlet-api-", "slf4j-api-")
            .start();
    port = Long.parseLong(app.awaitStdoutLineStartingWith("listening ", WITHIN).trim());
    base = "http://127.0.0.1:" + port;
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
  void theServletMappingIsTheRoute() {
    HttpResponse<String> response =
        HttpClients.get(
            base + "/items/17?color=red",
            Map.of("traceparent", HttpClients.traceparent(CALLER_TRACE, CALLER_SPAN)));
    assertThat(response.statusCode()).isEqualTo(200);

    Received server = awaitServerSpan(s -> s.traceId().equals(CALLER_TRACE));
    assertThat(server.name()).isEqualTo("GET /items/*");
    assertThat(server.parentSpanId()).isEqualTo(CALLER_SPAN);
    assertThat(server.string(HTTP_ROUTE)).isEqualTo("/items/*");
    assertThat(server.string(URL_PATH)).isEqualTo("/items/17");
    assertThat(server.string(URL_SCHEME)).isEqualTo("http");
    assertThat(server.integer(HTTP_RESPONSE_STATUS_CODE)).isEqualTo(200L);
    assertThat(server.string(SERVER_ADDRESS)).isEqualTo("127.0.0.1");
    assertThat(server.integer(SERVER_PORT)).isEqualTo(port);
    assertThat(server.string(CLIENT_ADDRESS)).isEqualTo("127.0.0.1");
    assertThat(server.isError()).isFalse();

    HttpClients.get(base + "/items/marker");
    awaitServerSpan(s -> "/items/marker".equals(s.string(URL_PATH)));
    // The filter chain and the servlet both entered: still one span.
    assertThat(receiver.spans().where(s -> s.traceId().equals(CALLER_TRACE))).hasSize(1);
  }

  @Test
  void aRequestAFilterTurnsAwayStillHasItsSpan() {
    assertThat(HttpClients.get(base + "/items/forbidden").statusCode()).isEqualTo(403);
    Received server = awaitServerSpan(s -> "/items/forbidden".equals(s.string(URL_PATH)));
    assertThat(server.name()).isEqualTo("GET /items/*");
    assertThat(server.integer(HTTP_RESPONSE_STATUS_CODE)).isEqualTo(403L);
    assertThat(server.isError()).isFalse();
  }

  @Test
  void anAsyncServletsSpanEndsWhenItsAnswerIsWritten() {
    HttpResponse<String> response = HttpClients.get(base + "/slow/report");
    assertThat(response.statusCode()).isEqualTo(202);

    Received server = awaitServerSpan(s -> "/slow/report".equals(s.string(URL_PATH)));
    assertThat(server.name()).isEqualTo("GET /slow/*");
    assertThat(server.integer(HTTP_RESPONSE_STATUS_CODE)).isEqualTo(202L);
    assertThat(server.durationSeconds()).isGreaterThanOrEqualTo(0.3);
  }

  @Test
  void anAsyncRequestTheContainerTimesOutEndsWithTheContainersAnswer() {
    int status = HttpClients.get(base + "/stuck/job").statusCode();
    assertThat(status).isGreaterThanOrEqualTo(500);

    Received server = awaitServerSpan(s -> "/stuck/job".equals(s.string(URL_PATH)));
    assertThat(server.name()).isEqualTo("GET /stuck/*");
    assertThat(server.integer(HTTP_RESPONSE_STATUS_CODE)).isEqualTo((long) status);
    assertThat(server.isError()).isTrue();
    assertThat(server.durationSeconds()).isGreaterThanOrEqualTo(0.2);
  }

  @Test
  void anAsyncDispatchRunsInsideTheRequestsSpan() {
    HttpResponse<String> response = HttpClients.get(base + "/later/weekly");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("report /weekly");

    Received server = awaitServerSpan(s -> "/later/weekly".equals(s.string(URL_PATH)));
    assertThat(server.name()).isEqualTo("GET /later/*");
    Received render =
        await()
            .atMost(WITHIN)
            .until(() -> receiver.spans().childrenOf(server), children -> !children.isEmpty())
            .get(0);
    assertThat(render.name()).isEqualTo("Report.render");
    assertThat(render.kind()).isEqualTo(SpanKind.SPAN_KIND_INTERNAL);
    // The dispatch ran within the request's span and started no span of its own.
    assertThat(receiver.spans().where(s -> "/later/weekly".equals(s.string(URL_PATH)))).hasSize(1);
  }

  private Received awaitServerSpan(Predicate<Received> test) {
    return receiver.awaitServerSpan(test, WITHIN);
  }
}
