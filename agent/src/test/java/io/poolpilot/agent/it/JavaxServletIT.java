package io.poolpilot.agent.it;

import static io.poolpilot.protocol.TelemetryNames.CLIENT_ADDRESS;
import static io.poolpilot.protocol.TelemetryNames.ERROR_TYPE;
import static io.poolpilot.protocol.TelemetryNames.HTTP_RESPONSE_STATUS_CODE;
import static io.poolpilot.protocol.TelemetryNames.HTTP_ROUTE;
import static io.poolpilot.protocol.TelemetryNames.SERVER_ADDRESS;
import static io.poolpilot.protocol.TelemetryNames.SERVER_PORT;
import static io.poolpilot.protocol.TelemetryNames.URL_PATH;
import static io.poolpilot.protocol.TelemetryNames.URL_SCHEME;
import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.agent.it.app.servlet.JavaxServletApp;
import io.poolpilot.testsupport.JvmLauncher;
import io.poolpilot.testsupport.LaunchedJvm;
import io.poolpilot.testsupport.OtlpReceiver;
import io.poolpilot.testsupport.ReceivedSpans.Received;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The {@code javax.servlet} advice under the real agent, driven by a stand-in container (see {@link
 * JavaxServletApp}): it is woven into {@code javax.servlet.http.HttpServlet}, reads the request,
 * composes the route with the context path, records one span for nested servlets, unwraps a {@code
 * ServletException}, and copes with a container that has no servlet mappings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JavaxServletIT {
  static final Duration WITHIN = Duration.ofSeconds(60);

  private OtlpReceiver receiver;
  private LaunchedJvm app;

  @BeforeAll
  void start() throws IOException {
    receiver = OtlpReceiver.start();
    app =
        JvmLauncher.underAgent(JavaxServletApp.class)
            .agentArgs(
                "endpoint=" + receiver.endpoint() + ",export.interval=200ms,service.name=legacy")
            .classPathJars("javax.servlet-api-")
            .start();
    app.awaitStdoutLine("ready", WITHIN);
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
  void aJavaxServletRequestIsOneSpanRoutedByItsMapping() {
    serve("legacy", "201");
    Received server = awaitServerSpan(s -> "/shop/legacy/5".equals(s.string(URL_PATH)));
    assertThat(server.name()).isEqualTo("GET /shop/legacy/*");
    assertThat(server.string(HTTP_ROUTE)).isEqualTo("/shop/legacy/*");
    assertThat(server.traceId()).isEqualTo("1f2e3d4c5b6a79881f2e3d4c5b6a7988");
    assertThat(server.parentSpanId()).isEqualTo("0123456789abcdef");
    assertThat(server.string(URL_SCHEME)).isEqualTo("https");
    assertThat(server.string(SERVER_ADDRESS)).isEqualTo("shop.example");
    assertThat(server.integer(SERVER_PORT)).isEqualTo(8443L);
    assertThat(server.string(CLIENT_ADDRESS)).isEqualTo("10.1.2.3");
    assertThat(server.integer(HTTP_RESPONSE_STATUS_CODE)).isEqualTo(201L);

    // The inner servlet's service() ran inside: a later span arriving shows no second one came.
    serve("servlet3", "201");
    awaitServerSpan(s -> "/shop/old/9".equals(s.string(URL_PATH)));
    assertThat(receiver.spans().where(s -> "/shop/legacy/5".equals(s.string(URL_PATH)))).hasSize(1);
  }

  @Test
  void aServletExceptionIsRecordedAsItsCause() {
    serve("broken", "500");
    Received failed = awaitServerSpan(s -> "/shop/broken".equals(s.string(URL_PATH)));
    assertThat(failed.name()).isEqualTo("GET /shop/broken");
    assertThat(failed.isError()).isTrue();
    assertThat(failed.integer(HTTP_RESPONSE_STATUS_CODE)).isEqualTo(500L);
    assertThat(failed.string(ERROR_TYPE)).isEqualTo(IllegalArgumentException.class.getName());
    assertThat(failed.eventNames()).contains("exception");
  }

  @Test
  void aContainerWithoutServletMappingsStillGetsATemplateForAPrefixMapping() {
    serve("servlet3", "201");
    Received server = awaitServerSpan(s -> "/shop/old/9".equals(s.string(URL_PATH)));
    assertThat(server.string(HTTP_ROUTE)).isEqualTo("/shop/old/*");
  }

  private void serve(String name, String status) {
    app.sendLine(name);
    app.awaitStdoutLine("served " + name + " " + status, WITHIN);
  }

  private Received awaitServerSpan(Predicate<Received> test) {
    return receiver.awaitServerSpan(test, WITHIN);
  }
}
