package io.poolpilot.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.agent.it.ReceivedSpans.Received;
import io.poolpilot.agent.it.app.servlet.JavaxServletApp;
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
  private AgentJvm app;

  @BeforeAll
  void start() throws IOException {
    receiver = OtlpReceiver.start();
    app =
        AgentJvm.app(JavaxServletApp.class)
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
        AgentJvm a = app) {
      a.stopApp();
    }
  }

  @Test
  void aJavaxServletRequestIsOneSpanRoutedByItsMapping() {
    serve("legacy", "201");
    Received server = awaitServerSpan(s -> "/shop/legacy/5".equals(s.string("url.path")));
    assertThat(server.name()).isEqualTo("GET /shop/legacy/*");
    assertThat(server.string("http.route")).isEqualTo("/shop/legacy/*");
    assertThat(server.traceId()).isEqualTo("1f2e3d4c5b6a79881f2e3d4c5b6a7988");
    assertThat(server.parentSpanId()).isEqualTo("0123456789abcdef");
    assertThat(server.string("url.scheme")).isEqualTo("https");
    assertThat(server.string("server.address")).isEqualTo("shop.example");
    assertThat(server.integer("server.port")).isEqualTo(8443L);
    assertThat(server.string("client.address")).isEqualTo("10.1.2.3");
    assertThat(server.integer("http.response.status_code")).isEqualTo(201L);

    // The inner servlet's service() ran inside: a later span arriving shows no second one came.
    serve("servlet3", "201");
    awaitServerSpan(s -> "/shop/old/9".equals(s.string("url.path")));
    assertThat(receiver.spans().where(s -> "/shop/legacy/5".equals(s.string("url.path"))))
        .hasSize(1);
  }

  @Test
  void aServletExceptionIsRecordedAsItsCause() {
    serve("broken", "500");
    Received failed = awaitServerSpan(s -> "/shop/broken".equals(s.string("url.path")));
    assertThat(failed.name()).isEqualTo("GET /shop/broken");
    assertThat(failed.isError()).isTrue();
    assertThat(failed.integer("http.response.status_code")).isEqualTo(500L);
    assertThat(failed.string("error.type")).isEqualTo(IllegalArgumentException.class.getName());
    assertThat(failed.eventNames()).contains("exception");
  }

  @Test
  void aContainerWithoutServletMappingsStillGetsATemplateForAPrefixMapping() {
    serve("servlet3", "201");
    Received server = awaitServerSpan(s -> "/shop/old/9".equals(s.string("url.path")));
    assertThat(server.string("http.route")).isEqualTo("/shop/old/*");
  }

  private void serve(String name, String status) {
    app.sendLine(name);
    app.awaitStdoutLine("served " + name + " " + status, WITHIN);
  }

  private Received awaitServerSpan(Predicate<Received> test) {
    return receiver.awaitServerSpan(test, WITHIN);
  }
}
