package io.poolpilot.agent.it;

import static io.poolpilot.protocol.TelemetryNames.CLIENT_ADDRESS;
import static io.poolpilot.protocol.TelemetryNames.ERROR_TYPE;
import static io.poolpilot.protocol.TelemetryNames.EXECUTOR_NAME;
import static io.poolpilot.protocol.TelemetryNames.HTTP_REQUEST_METHOD;
import static io.poolpilot.protocol.TelemetryNames.HTTP_RESPONSE_STATUS_CODE;
import static io.poolpilot.protocol.TelemetryNames.HTTP_ROUTE;
import static io.poolpilot.protocol.TelemetryNames.QUEUE_WAIT;
import static io.poolpilot.protocol.TelemetryNames.SERVER_ADDRESS;
import static io.poolpilot.protocol.TelemetryNames.SERVER_PORT;
import static io.poolpilot.protocol.TelemetryNames.URL_PATH;
import static io.poolpilot.protocol.TelemetryNames.URL_SCHEME;
import static io.poolpilot.protocol.TelemetryNames.USER_AGENT_ORIGINAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.poolpilot.agent.it.app.servlet.SpringMvcTomcatApp;
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
 * A Spring MVC application on embedded Tomcat under the real agent: one server span per request
 * (not one per filter or servlet), named after Spring's route template, the caller's trace
 * continued, errors, and asynchronous requests ending when their answer is written.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpringMvcTomcatIT {
  static final String CALLER_TRACE = "0af7651916cd43dd8448eb211c80319c";
  static final String CALLER_SPAN = "b7ad6b7169203331";
  static final Duration WITHIN = Duration.ofSeconds(60);

  private OtlpReceiver receiver;
  private LaunchedJvm app;
  private String base;
  private long port;

  @BeforeAll
  void start() throws IOException {
    receiver = OtlpReceiver.start();
    app =
        JvmLauncher.underAgent(SpringMvcTomcatApp.class)
            .agentArgs(
                "endpoint=" + receiver.endpoint() + ",export.interval=200ms,service.name=petclinic")
            .classPathJars(
                "tomcat-embed-core-",
                "tomcat-annotations-api-",
                "spring-",
                "micrometer-",
                "commons-logging-",
                "jspecify-")
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
  void oneSpanPerRequestNamedAfterSpringsRouteTemplate() {
    HttpResponse<String> response =
        HttpClients.get(
            base + "/owners/42?details=true",
            Map.of("traceparent", HttpClients.traceparent(CALLER_TRACE, CALLER_SPAN)));
    assertThat(response.statusCode()).isEqualTo(200);

    Received server = awaitServerSpan(s -> s.traceId().equals(CALLER_TRACE));
    assertThat(server.name()).isEqualTo("GET /owners/{id}");
    assertThat(server.parentSpanId()).isEqualTo(CALLER_SPAN);
    assertThat(server.service()).isEqualTo("petclinic");
    assertThat(server.string(HTTP_REQUEST_METHOD)).isEqualTo("GET");
    assertThat(server.string(HTTP_ROUTE)).isEqualTo("/owners/{id}");
    assertThat(server.string(URL_PATH)).isEqualTo("/owners/42");
    assertThat(server.string(URL_SCHEME)).isEqualTo("http");
    assertThat(server.integer(HTTP_RESPONSE_STATUS_CODE)).isEqualTo(200L);
    assertThat(server.string(SERVER_ADDRESS)).isEqualTo("127.0.0.1");
    assertThat(server.integer(SERVER_PORT)).isEqualTo(port);
    assertThat(server.string(CLIENT_ADDRESS)).isEqualTo("127.0.0.1");
    assertThat(server.string(USER_AGENT_ORIGINAL)).startsWith("Java-http-client");
    assertThat(server.isError()).isFalse();

    // The filter chain, the filter and the DispatcherServlet all entered: still one span. A later
    // request's span arriving shows that any duplicate would have been exported by now.
    HttpClients.get(base + "/owners/marker");
    awaitServerSpan(s -> "/owners/marker".equals(s.string(URL_PATH)));
    assertThat(receiver.spans().where(s -> s.traceId().equals(CALLER_TRACE))).hasSize(1);
  }

  @Test
  void theRouteUnderAContextPathAndAPrefixMappingIsWhatTheClientSees() {
    assertThat(HttpClients.get(base + "/shop/api/owners/5").statusCode()).isEqualTo(200);
    Received server = awaitServerSpan(s -> "/shop/api/owners/5".equals(s.string(URL_PATH)));
    assertThat(server.name()).isEqualTo("GET /shop/api/owners/{id}");
    assertThat(server.string(HTTP_ROUTE)).isEqualTo("/shop/api/owners/{id}");
  }

  @Test
  void aThrowingHandlerIsAnErrorWithItsException() {
    assertThat(HttpClients.get(base + "/owners/7/fail").statusCode()).isEqualTo(500);
    Received failed = awaitServerSpan(s -> "/owners/7/fail".equals(s.string(URL_PATH)));
    assertThat(failed.name()).isEqualTo("GET /owners/{id}/fail");
    assertThat(failed.isError()).isTrue();
    assertThat(failed.integer(HTTP_RESPONSE_STATUS_CODE)).isEqualTo(500L);
    assertThat(failed.string(ERROR_TYPE)).isEqualTo(IllegalStateException.class.getName());
    assertThat(failed.eventNames()).contains("exception");
  }

  @Test
  void a5xxAnswerIsAnError() {
    assertThat(HttpClients.get(base + "/unavailable").statusCode()).isEqualTo(503);
    Received unavailable = awaitServerSpan(s -> "/unavailable".equals(s.string(URL_PATH)));
    assertThat(unavailable.name()).isEqualTo("GET /unavailable");
    assertThat(unavailable.isError()).isTrue();
    assertThat(unavailable.string(ERROR_TYPE)).isEqualTo("503");
  }

  @Test
  void anAsyncRequestEndsWhenItsAnswerIsWrittenNotWhenTheServletReturns() {
    HttpResponse<String> response = HttpClients.get(base + "/owners/9/async");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("owner 9 later");

    Received server = awaitServerSpan(s -> "/owners/9/async".equals(s.string(URL_PATH)));
    assertThat(server.name()).isEqualTo("GET /owners/{id}/async");
    assertThat(server.durationSeconds()).isGreaterThanOrEqualTo(0.3);
    assertThat(server.integer(HTTP_RESPONSE_STATUS_CODE)).isEqualTo(200L);

    HttpClients.get(base + "/owners/async-marker");
    awaitServerSpan(s -> "/owners/async-marker".equals(s.string(URL_PATH)));
    // The async dispatch back into the DispatcherServlet starts no second span.
    assertThat(receiver.spans().where(s -> "/owners/9/async".equals(s.string(URL_PATH))))
        .hasSize(1);
  }

  @Test
  void aRequestWithoutTraceContextStartsANewTrace() {
    HttpClients.get(base + "/owners/root");
    Received server = awaitServerSpan(s -> "/owners/root".equals(s.string(URL_PATH)));
    assertThat(server.parentSpanId()).isEmpty();
    assertThat(server.traceId()).isNotEqualTo(CALLER_TRACE).hasSize(32);
  }

  @Test
  void requestSpansNameTomcatsPool() {
    HttpClients.get(base + "/owners/pool");
    Received server = awaitServerSpan(s -> "/owners/pool".equals(s.string(URL_PATH)));
    String pool = server.string(EXECUTOR_NAME);
    assertThat(pool).isNotNull().startsWith("http-nio-").endsWith("-exec-*");
    assertThat(server.real(QUEUE_WAIT)).isNotNull();
    // The same name the pool's own metrics carry, so a trace leads to the pool's numbers.
    await().atMost(WITHIN).until(() -> receiver.metrics().poolNames().contains(pool));
  }

  private Received awaitServerSpan(Predicate<Received> test) {
    return receiver.awaitServerSpan(test, WITHIN);
  }
}
